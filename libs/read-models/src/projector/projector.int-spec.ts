import { chainEvents, GENESIS_HASH, SqliteEventStore, type RecordedEvent } from '@serial/event-store';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PROJECTION_NAMES, ProjectionFailedError } from '../projection-store.port';
import { Projector } from './projector';
import { RebuildInProgressError, type ProjectorTimers } from './projector-status';
import { SqliteReadStore } from '../sqlite/sqlite-read-store';
import { eventually, freshTables, RecordingLogger, silentLogger } from '../testing/projector-fixtures';
import { dumpTables, rewindCheckpoints, temporaryDirectory } from '../testing/read-store-files';
import { serialEvents } from '../testing/serial-events';
import { appendWorkload } from '../testing/workload';

const { received } = serialEvents;

describe('Projector', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let events: SqliteEventStore;
  let store: SqliteReadStore;
  let readModels: string;
  const projectors: Projector[] = [];

  const projector = (options: ConstructorParameters<typeof Projector>[2] = {}, target = store) => {
    const created = new Projector(events, target, { logger: silentLogger, ...options });
    projectors.push(created);
    return created;
  };
  const appendSerial = async (serialNumber: string, data: Record<string, unknown> = {}) => {
    const event = received(serialNumber);
    const { position } = await events.appendToStreams([
      {
        streamId: `serial-LAPTOP:${serialNumber}`,
        expectedRevision: 'any',
        events: chainEvents(GENESIS_HASH, [
          {
            eventId: randomUUID(),
            type: event.type,
            data: { ...event.data, ...data },
            metadata: { userId: 'u' },
          },
        ]),
      },
    ]);
    return position;
  };

  beforeEach(() => {
    directory = temporaryDirectory('projector');
    events = SqliteEventStore.open(join(directory.path, 'events.sqlite'), { pollIntervalMs: 20 });
    readModels = join(directory.path, 'read-models');
    store = SqliteReadStore.open(readModels);
  });

  afterEach(async () => {
    await Promise.all(projectors.splice(0).map((running) => running.stop()));
    await store.close();
    await events.close();
    directory.remove();
  });

  it('catches up from its checkpoint, then follows new events live', async () => {
    await appendWorkload(events, 500);
    const running = projector({ batchSize: 300 });
    expect((await running.status()).state).toBe('stopped');

    await running.start();
    await eventually(async () => (await running.status()).state === 'live');
    const position = await appendSerial('SN-LIVE');

    expect(await running.waitForPosition(position, 2000)).toBe(true);
    expect(await store.getSerial('LAPTOP', 'SN-LIVE')).toMatchObject({ status: 'available' });
    expect(await running.status()).toEqual({
      name: 'read-models',
      checkpoint: position,
      headPosition: position,
      state: 'live',
      error: null,
      rebuild: null,
    });
    expect(await running.projections()).toEqual(
      PROJECTION_NAMES.map((name) => ({
        name,
        checkpoint: position.toString(),
        lag: 0,
      })),
    );
  });

  it('answers waitForPosition at once when already there, and false at its timeout', async () => {
    const position = await appendSerial('SN-1');
    const running = projector();
    await running.start();
    await running.waitForPosition(position, 2000);

    expect(await running.waitForPosition(position, 0)).toBe(true);
    const started = Date.now();
    expect(await running.waitForPosition(position + 10n, 50)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('reports lag in events while behind', async () => {
    await appendWorkload(events, 50);
    const head = await events.headPosition();

    expect(await projector().projections()).toContainEqual({
      name: 'serials',
      checkpoint: '0',
      lag: Number(head),
    });
  });

  it('stalls on a failing event with its position, retries with backoff, and recovers', async () => {
    const delays: number[] = [];
    const timers: ProjectorTimers = {
      setTimeout: (callback, ms) => {
        delays.push(ms);
        return setTimeout(callback, 5);
      },
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    };
    let failuresLeft = 4;
    const flaky = Object.create(store) as SqliteReadStore;
    flaky.applyBatch = async (batch: readonly RecordedEvent[]) => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new ProjectionFailedError('serials', batch[0].position, new Error('disk on fire'));
      }
      return store.applyBatch(batch);
    };
    const logger = new RecordingLogger();
    const first = await appendSerial('SN-1');
    const running = projector({ logger, timers, retryDelayMs: { initial: 100, max: 500 } }, flaky);

    await running.start();
    await eventually(() => failuresLeft <= 2);
    const stalled = await running.status();
    await eventually(() => running.checkpoint === first);

    expect(stalled).toMatchObject({ state: 'stalled', checkpoint: 0n, error: { position: first } });
    expect(stalled.error?.message).toContain('disk on fire');
    expect(delays.slice(0, 4)).toEqual([100, 200, 400, 500]);
    expect(logger.lines[0]).toMatch(/^error: .*stalled at position 1: .*disk on fire.*retrying in 100 ms/);
    expect(logger.lines.at(-1)).toMatch(/^log: .*recovered after 4 failed attempts/);
    expect(await running.status()).toMatchObject({ state: 'live', error: null });
  });

  it('applies nothing of a batch with a broken event, and names that event', async () => {
    await appendSerial('SN-1');
    const running = projector({ retryDelayMs: { initial: 60_000, max: 60_000 } });
    await running.start();
    await eventually(() => running.checkpoint === 1n);
    await running.stop();
    await appendSerial('SN-2');
    const broken = await appendSerial('SN-3', { productId: null });
    await appendSerial('SN-4');

    const restarted = projector({ retryDelayMs: { initial: 60_000, max: 60_000 } });
    await restarted.start();
    await eventually(async () => (await restarted.status()).state === 'stalled');

    expect((await restarted.status()).error).toEqual({
      message: expect.stringContaining('serials'),
      position: broken,
    });
    expect(await store.getSerial('LAPTOP', 'SN-2')).toBeNull();
    expect(await store.checkpoint()).toBe(1n);
  });

  it('ends equal to a fresh projection after dying between writes and checkpoint', async () => {
    await appendWorkload(events, 1000);
    const running = projector({ batchSize: 700 });
    await running.start();
    await eventually(() => running.checkpoint === 2100n);
    await running.stop();
    await store.close();
    // As if the process died after writing documents up to 2100 but checkpointing only 700.
    rewindCheckpoints(readModels, 700n);
    store = SqliteReadStore.open(readModels);

    const resumed = projector({ batchSize: 500 });
    await resumed.start();
    await eventually(async () => (await resumed.status()).state === 'live');

    expect(dumpTables(readModels)).toEqual(await freshTables(events, directory.path));
  });

  it('rebuilds while serving and following live events, then equals a fresh projection', async () => {
    await appendWorkload(events, 2000);
    const running = projector({ rebuildBatchSize: 500 });
    await running.start();
    await eventually(async () => (await running.status()).state === 'live');
    const before = await store.getSerial('P-0', 'SN-000000');

    const rebuilt = running.rebuild();
    await expect(running.rebuild()).rejects.toBeInstanceOf(RebuildInProgressError);
    const live = await appendSerial('SN-DURING');
    await running.waitForPosition(live, 2000);
    const duringRebuild = await running.status();
    const servedDuring = await store.getSerial('P-0', 'SN-000000');
    await rebuilt;

    expect(duringRebuild.rebuild).not.toBeNull();
    expect(servedDuring).toEqual(before);
    expect(await store.getSerial('LAPTOP', 'SN-DURING')).not.toBeNull();
    expect(dumpTables(readModels)).toEqual(await freshTables(events, directory.path));
    expect((await running.status()).rebuild).toBeNull();
  });

  it('abandons a rebuild when stopped, leaving the serving read models as they were', async () => {
    await appendWorkload(events, 2000);
    const running = projector({ rebuildBatchSize: 100 });
    await running.start();
    await eventually(async () => (await running.status()).state === 'live');
    const before = dumpTables(readModels);

    const rebuilt = running.rebuild();
    await eventually(async () => ((await running.status()).rebuild?.checkpoint ?? 0n) > 0n);
    await running.stop();

    await expect(rebuilt).rejects.toThrow('stopped');
    expect(dumpTables(readModels)).toEqual(before);
  });
});
