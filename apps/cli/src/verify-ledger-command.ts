import { Presets, SingleBar } from 'cli-progress';
import { LedgerInputError, readPublicKey, readTreeHead } from './ledger-inputs';
import { verifyLedger, type LedgerReport, type VerifyLedgerOptions } from './verify-ledger';

export interface VerifyLedgerFlags {
  head: string;
  key?: string;
}

type Exit = { ok: number; failed: number; differences: number };
type Progress = NonNullable<VerifyLedgerOptions['onProgress']>;

/** `verify-ledger FILE --head HEAD [--key KEY]`: prints what holds, or the first difference. */
export async function verifyLedgerCommand(
  file: string,
  flags: VerifyLedgerFlags,
  exit: Exit,
): Promise<number> {
  const bar = process.stderr.isTTY ? progressBar() : undefined;
  try {
    const head = await readTreeHead(flags.head);
    const publicKey = flags.key === undefined ? undefined : await readPublicKey(flags.key);
    const report = await verifyLedger({ file, head, publicKey, onProgress: bar?.update });
    bar?.stop();
    process.stdout.write(`${describeReport(report, head.treeSize)}\n`);
    return report.difference === null && ['valid', 'not checked'].includes(report.signature)
      ? exit.ok
      : exit.differences;
  } catch (error) {
    bar?.stop();
    const systemError = typeof (error as NodeJS.ErrnoException).code === 'string';
    if (error instanceof LedgerInputError || systemError) {
      process.stderr.write(`${(error as Error).message}\n`);
      return exit.failed;
    }
    throw error;
  }
}

export function describeReport(report: LedgerReport, treeSize: number): string {
  const signature = {
    valid: "The head's signature is valid for the key given.",
    'not checked':
      "The head's signature was NOT checked (no --key): the head is trusted as given; pass --key to check it.",
    'other key': 'DIFFERENCE: the head was signed by another key than the one given (keyId differs).',
    bad: "DIFFERENCE: the head's signature does not verify with the key given: the head was altered.",
  }[report.signature];
  const difference = report.difference;
  if (difference) {
    const where = [
      difference.streamId !== undefined && `stream ${difference.streamId}`,
      difference.revision !== undefined && `revision ${difference.revision}`,
      difference.position !== undefined && `position ${difference.position}`,
      difference.line !== undefined && `line ${difference.line}`,
    ].filter(Boolean);
    return `${signature}\nDIFFERENCE${where.length > 0 ? ` at ${where.join(', ')}` : ''}: ${difference.message}`;
  }
  return (
    `${signature}\nChecked ${report.events.toLocaleString('en-US')} events in ${report.streams.toLocaleString('en-US')} streams: ` +
    `every event's hash and every stream's chain hold, and the first ${treeSize.toLocaleString('en-US')} events hash to the head's root.`
  );
}

function progressBar(): { update: Progress; stop: () => void } {
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: '{bar} {percentage}% | {events} events | ETA {eta_formatted}',
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update: ({ bytesRead, totalBytes, events }) => {
      if (!started) bar.start(Math.max(totalBytes, 1), bytesRead, { events });
      else bar.update(bytesRead, { events });
      started = true;
    },
    stop: () => started && bar.stop(),
  };
}
