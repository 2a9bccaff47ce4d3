import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  chainEvents,
  eventLeafHash,
  GENESIS_HASH,
  signTreeHead,
  type RecordedEvent,
} from '@serial/event-store';
import { referenceRoot } from '@serial/event-store/testing/merkle-trees';
import { EventLog } from '@serial/read-models/testing/event-log';
import { LedgerInputError } from './ledger-inputs';
import { verifyLedger } from './verify-ledger';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');

/** Three streams interleaved, as a log of commands would write them. */
function recordedLog(): RecordedEvent[] {
  const log = new EventLog();
  for (let round = 0; round < 4; round++) {
    for (const serial of ['SN-1', 'SN-2', 'SN-3']) {
      log.append(`serial-LAPTOP:${serial}`, {
        type: 'SerialTransferred',
        data: { serialNumber: serial, round },
      });
    }
  }
  return log.events;
}

const line = (event: RecordedEvent) =>
  JSON.stringify({
    ...event,
    position: event.position.toString(),
    recordedAt: event.recordedAt.toISOString(),
  });

const headOver = (events: readonly RecordedEvent[]) =>
  signTreeHead(
    {
      treeSize: events.length,
      rootHash: referenceRoot(events.map((e) => eventLeafHash(e.metadata.hash))).toString('hex'),
      lastPosition: events[events.length - 1].position.toString(),
      signedAt: '2026-12-03T13:06:41.902Z',
    },
    privateKey,
  );

describe('verifyLedger', () => {
  let directory: string;
  const events = recordedLog();
  const head = headOver(events.slice(0, 10));
  const fileOf = (lines: readonly string[]) => {
    const file = path.join(directory, `export-${Math.random().toString(36).slice(2)}.ndjson`);
    fs.writeFileSync(file, lines.map((text) => `${text}\n`).join(''));
    return file;
  };
  const verify = (lines: readonly string[], options: { key?: boolean } = {}) =>
    verifyLedger({ file: fileOf(lines), head, publicKey: options.key === false ? undefined : publicKey });

  beforeAll(() => (directory = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-ledger-'))));
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('finds every hash, chain and the root of the head holding, events after the head included', async () => {
    expect(await verify(events.map(line))).toEqual({
      events: 12,
      streams: 3,
      signature: 'valid',
      difference: null,
    });
    expect((await verify(events.map(line), { key: false })).signature).toBe('not checked');
  });

  it('names an altered event', async () => {
    const altered = { ...events[4], data: { ...events[4].data, round: 99 } };
    const report = await verify([...events.slice(0, 4), altered, ...events.slice(5)].map(line));

    expect(report.difference).toEqual({
      message: expect.stringContaining('hash does not match its content'),
      streamId: 'serial-LAPTOP:SN-2',
      revision: 1,
      position: '5',
      line: 5,
    });
  });

  it('names the event after one removed from the middle of a stream, and events out of global order', async () => {
    const removed = await verify([...events.slice(0, 4), ...events.slice(5)].map(line));
    const swapped = await verify([events[0], events[2], events[1], ...events.slice(3)].map(line));

    expect(removed.difference).toMatchObject({ streamId: 'serial-LAPTOP:SN-2', revision: 2, position: '8' });
    expect(removed.difference?.message).toContain('revision 2 follows revision 0');
    expect(swapped.difference).toMatchObject({
      position: '2',
      message: expect.stringContaining('out of global order'),
    });
  });

  it("finds a stream's last event removed, where the file passes the head's last position", async () => {
    const report = await verify([...events.slice(0, 9), ...events.slice(10)].map(line));

    expect(report.difference).toMatchObject({
      position: '11',
      message: expect.stringContaining('events were removed'),
    });
  });

  it('finds events missing at the end of the file', async () => {
    const report = await verify(events.slice(0, 9).map(line));

    expect(report.difference?.message).toBe(
      'the file ends at position 9: the head covers 10 events up to position 10, the file holds 9: events were removed',
    );
  });

  it('finds a stream rewritten with a correct chain of its own, by the root', async () => {
    const streamId = 'serial-LAPTOP:SN-3';
    const own = events.filter((e) => e.streamId === streamId);
    const forged = chainEvents(
      GENESIS_HASH,
      own.map((e, i) => ({
        ...e,
        data: i === 0 ? { ...e.data, round: 42 } : e.data,
        metadata: { userId: 'mallory' },
      })),
    );
    const rewritten = events.map((e) => (e.streamId === streamId ? { ...e, ...forged[e.revision] } : e));
    const report = await verify(rewritten.map(line));

    expect(report.difference).toMatchObject({
      position: '10',
      message: expect.stringContaining("not to the head's rootHash"),
    });
  });

  it('tells a head signed by another key, or altered after signing', async () => {
    const other = generateKeyPairSync('ed25519').publicKey;
    const file = fileOf(events.map(line));

    expect((await verifyLedger({ file, head, publicKey: other })).signature).toBe('other key');
    expect((await verifyLedger({ file, head: { ...head, treeSize: 9 }, publicKey })).signature).toBe('bad');
  });

  it('refuses a line that is not an exported event', async () => {
    await expect(verify([line(events[0]), '{"eventId":1}'])).rejects.toThrow(LedgerInputError);
    await expect(verify(['not json'])).rejects.toThrow('line 1 is not JSON');
  });
});
