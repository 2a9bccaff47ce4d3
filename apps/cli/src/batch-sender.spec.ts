import type { CommandOutcome } from './api-client';
import type { Batch } from './batching';
import { sendBatch } from './batch-sender';
import type { CsvRow } from './csv-rows';
import type { ImportRow } from './row-validation';

const batch = (...serials: string[]): Batch => ({
  index: 0,
  productId: 'P',
  locationId: 'WH/Stock',
  rows: serials.map((serialNumber, i): ImportRow => ({
    row: { line: i + 2 } as CsvRow,
    productId: 'P',
    serialNumber,
  })),
});
const context = { fileSha256: 'f'.repeat(64), mode: 'receive' as const };
const refused = (code: string, ...serials: string[]): CommandOutcome => ({
  kind: 'serials-rejected',
  bySerial: new Map(serials.map((s) => [s, { code, message: `${s}: ${code}` }])),
});

function clientAnswering(...outcomes: CommandOutcome[]) {
  const sent: { serials: string[]; key: string }[] = [];
  const sendCommand = jest.fn(async (_path: string, body: object, key: string) => {
    sent.push({ serials: (body as { serialNumbers: string[] }).serialNumbers, key });
    return outcomes.shift()!;
  });
  return { client: { sendCommand }, sent };
}

describe('sendBatch', () => {
  it('imports a batch the service accepts in one command', async () => {
    const { client, sent } = clientAnswering({ kind: 'accepted', replayed: false });
    await expect(sendBatch(client, batch('A', 'B'), context)).resolves.toEqual({
      lines: [2, 3],
      imported: 2,
      replayed: false,
      rejected: [],
    });
    expect(sent.map((s) => s.serials)).toEqual([['A', 'B']]);
  });

  it('sets the named serials aside and sends the rest under a new key until accepted', async () => {
    const { client, sent } = clientAnswering(
      refused('SERIAL_ALREADY_EXISTS', 'B'),
      refused('SERIAL_RESERVED', 'D'),
      { kind: 'accepted', replayed: true },
    );
    const record = await sendBatch(client, batch('A', 'B', 'C', 'D'), context);
    expect(sent.map((s) => s.serials)).toEqual([
      ['A', 'B', 'C', 'D'],
      ['A', 'C', 'D'],
      ['A', 'C'],
    ]);
    expect(new Set(sent.map((s) => s.key)).size).toBe(3);
    expect(record).toEqual({
      lines: [2, 3, 4, 5],
      imported: 2,
      replayed: true,
      rejected: [
        { line: 3, code: 'SERIAL_ALREADY_EXISTS', message: 'B: SERIAL_ALREADY_EXISTS' },
        { line: 5, code: 'SERIAL_RESERVED', message: 'D: SERIAL_RESERVED' },
      ],
    });
  });

  it('sends the same keys again for the same batch: what makes a rerun replay', async () => {
    const first = clientAnswering(refused('SERIAL_ALREADY_EXISTS', 'B'), {
      kind: 'accepted',
      replayed: false,
    });
    const again = clientAnswering(refused('SERIAL_ALREADY_EXISTS', 'B'), {
      kind: 'accepted',
      replayed: true,
    });
    await sendBatch(first.client, batch('A', 'B'), context);
    await sendBatch(again.client, batch('A', 'B'), context);
    expect(again.sent.map((s) => s.key)).toEqual(first.sent.map((s) => s.key));
  });

  it('refuses every row of a command the service refuses as a whole', async () => {
    const { client } = clientAnswering({
      kind: 'batch-rejected',
      rejection: { code: 'PRODUCT_NOT_FOUND', message: 'no P' },
    });
    const record = await sendBatch(client, batch('A', 'B'), context);
    expect(record.imported).toBe(0);
    expect(record.rejected.map((r) => [r.line, r.code])).toEqual([
      [2, 'PRODUCT_NOT_FOUND'],
      [3, 'PRODUCT_NOT_FOUND'],
    ]);
  });

  it('does not loop when a refusal names none of the serials sent', async () => {
    const { client, sent } = clientAnswering(refused('SERIAL_NOT_FOUND', 'Z'));
    const record = await sendBatch(client, batch('A', 'B'), context);
    expect(sent).toHaveLength(1);
    expect(record.rejected.map((r) => r.code)).toEqual(['SERIAL_NOT_FOUND', 'SERIAL_NOT_FOUND']);
  });

  it('ends with nothing to import when every serial is refused', async () => {
    const { client, sent } = clientAnswering(refused('SERIAL_ALREADY_EXISTS', 'A', 'B'));
    const record = await sendBatch(client, batch('A', 'B'), context);
    expect(sent).toHaveLength(1);
    expect(record).toMatchObject({ imported: 0, rejected: [{ line: 2 }, { line: 3 }] });
  });
});
