import Database from 'better-sqlite3';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EventLog } from '../testing/event-log';
import { temporaryDirectory } from '../testing/read-store-files';
import { serialEvents } from '../testing/serial-events';
import { SqliteReadStore } from './sqlite-read-store';

const { received, delivered } = serialEvents;

describe('SqliteReadStore generations', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let path: string;
  const opened: SqliteReadStore[] = [];
  const open = (options?: Parameters<typeof SqliteReadStore.open>[1]) => {
    const store = SqliteReadStore.open(path, options);
    opened.push(store);
    return store;
  };
  const log = new EventLog();
  const [receipt, delivery] = [log.serial(received('SN-1')), log.serial(delivered('SN-1'))];

  beforeEach(() => {
    directory = temporaryDirectory('generations');
    path = join(directory.path, 'read-models');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    directory.remove();
  });

  it('serves the active generation while a rebuild fills another, then swaps it in and drops the old', async () => {
    const store = open();
    await store.applyBatch([receipt]);
    const rebuild = await store.beginRebuild();

    await rebuild.applyBatch([receipt, delivery]);
    const servedDuring = await store.getSerial('LAPTOP', 'SN-1');
    await rebuild.finishBulkLoad();
    await rebuild.swapIn();

    expect(servedDuring).toMatchObject({ status: 'available' });
    expect(await store.getSerial('LAPTOP', 'SN-1')).toMatchObject({ status: 'out_of_stock' });
    expect(await store.checkpoint()).toBe(2n);
    expect(readdirSync(path).sort()).toEqual([
      'ACTIVE',
      'generation-2.sqlite',
      'generation-2.sqlite-shm',
      'generation-2.sqlite-wal',
    ]);
  });

  it('replaces a generation of an older schema with a fresh one, which the projector fills from 0', async () => {
    const store = open();
    await store.applyBatch([receipt, delivery]);
    await store.close();
    // What a generation written before `state` existed looks like to this version.
    const file = join(path, 'generation-1.sqlite');
    const db = new Database(file);
    db.pragma('user_version = 1');
    db.close();

    const reopened = open();

    expect(await reopened.checkpoint()).toBe(0n);
    expect(await reopened.getSerial('LAPTOP', 'SN-1')).toBeNull();
    expect(existsSync(file)).toBe(false);
    await reopened.applyBatch([receipt, delivery]);
    expect(await reopened.getSerial('LAPTOP', 'SN-1')).toMatchObject({ state: 'at_customer' });
  });

  it('drops a discarded rebuild and keeps serving the active generation', async () => {
    const store = open();
    await store.applyBatch([receipt]);
    const rebuild = await store.beginRebuild();
    await rebuild.applyBatch([receipt, delivery]);

    await expect(store.beginRebuild()).rejects.toThrow('already in progress');
    await rebuild.discard();

    expect(await store.getSerial('LAPTOP', 'SN-1')).toMatchObject({ status: 'available' });
    expect(existsSync(join(path, 'generation-2.sqlite'))).toBe(false);
    await expect(rebuild.swapIn()).rejects.toThrow('discarded');
  });

  it('removes what a crashed rebuild left behind when the next one begins', async () => {
    const crashed = open();
    await (await crashed.beginRebuild()).applyBatch([receipt]);
    // The process dies here: generation-2 stays on disk, never named active.
    const store = open();

    const rebuild = await store.beginRebuild();

    expect(existsSync(join(path, 'generation-2.sqlite'))).toBe(false);
    await rebuild.discard();
  });

  it('follows a swap made by another process on the same directory', async () => {
    const writer = open();
    const reader = open({ pointerCheckIntervalMs: 0 });
    await writer.applyBatch([receipt]);
    expect(await reader.getSerial('LAPTOP', 'SN-1')).toMatchObject({ status: 'available' });

    const rebuild = await writer.beginRebuild();
    await rebuild.applyBatch([receipt, delivery]);
    await rebuild.finishBulkLoad();
    await rebuild.swapIn();

    expect(await reader.getSerial('LAPTOP', 'SN-1')).toMatchObject({ status: 'out_of_stock' });
  });

  it('reports the checkpoint that another process has reached', async () => {
    const reader = open();
    const writer = open();

    await writer.applyBatch([receipt]);

    expect(await reader.checkpoint()).toBe(1n);
    expect(await reader.checkpoints()).toContainEqual({ name: 'serial_history', position: 1n });
  });

  it('recreates a lost active generation empty, so that the projector replays everything', async () => {
    const store = open();
    await store.applyBatch([receipt]);
    await store.close();
    for (const file of readdirSync(path).filter((name) => name.startsWith('generation-')))
      rmSync(join(path, file));

    const reopened = open();

    expect(await reopened.checkpoint()).toBe(0n);
    expect(await reopened.getSerial('LAPTOP', 'SN-1')).toBeNull();
  });
});
