import { Presets, SingleBar } from 'cli-progress';
import type { RetryNotice } from './api-client';

export interface ImportProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rowsRead: number;
  readonly imported: number;
  readonly rejected: number;
  readonly batches: number;
}

/** Told after every batch; runImport works the same with any reporter, or none. */
export interface ProgressReporter {
  update(progress: ImportProgress): void;
  /** The service did not answer a batch; it is tried again after a pause. */
  retrying(notice: RetryNotice): void;
  stop(): void;
}

export const silentProgress: ProgressReporter = {
  update: () => undefined,
  retrying: () => undefined,
  stop: () => undefined,
};

export function describeRetry({ attempt, attempts, delayMs, reason }: RetryNotice): string {
  return `retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt} of ${attempts}) after ${reason}`;
}

/** A bar on a terminal; on a pipe or a log file, a plain line every few seconds instead. */
export function consoleProgress(
  stream: NodeJS.WriteStream = process.stderr,
  now = () => Date.now(),
): ProgressReporter {
  return stream.isTTY ? barProgress(stream, now) : lineProgress(stream, now);
}

function barProgress(stream: NodeJS.WriteStream, now: () => number): ProgressReporter {
  const bar = new SingleBar(
    {
      stream,
      format:
        '{bar} {percentage}% | {rowsRead} rows read | {imported} imported | {rejected} rejected | ETA {remaining}{status}',
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  const started = now();
  let last: ImportProgress | undefined;
  const show = (progress: ImportProgress, status: string) => {
    const { rowsRead, imported, rejected } = progress;
    const payload = { rowsRead, imported, rejected, status, remaining: remaining(progress, now() - started) };
    if (last === undefined) bar.start(Math.max(progress.totalBytes, 1), progress.bytesRead, payload);
    else bar.update(progress.bytesRead, payload);
    last = progress;
  };
  return {
    update: (progress) => show(progress, ''),
    retrying: (notice) => last && show(last, ` | ${describeRetry(notice)}`),
    stop: () => last && bar.stop(),
  };
}

/** From the bytes done so far; none until the first batch is through. */
function remaining(progress: ImportProgress, elapsedMs: number): string {
  if (progress.imported + progress.rejected === 0 || progress.bytesRead === 0) return '-';
  const seconds = ((progress.totalBytes - progress.bytesRead) * elapsedMs) / progress.bytesRead / 1000;
  return seconds < 90 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`;
}

const LINE_INTERVAL_MS = 5_000;

function lineProgress(stream: NodeJS.WriteStream, now: () => number): ProgressReporter {
  let last = now();
  return {
    update(progress) {
      if (now() - last < LINE_INTERVAL_MS) return;
      last = now();
      const percent =
        progress.totalBytes === 0 ? 100 : Math.floor((100 * progress.bytesRead) / progress.totalBytes);
      stream.write(
        `import: ${percent}% of the file, ${progress.rowsRead} rows read, ${progress.imported} imported, ` +
          `${progress.rejected} rejected, ${progress.batches} batches done\n`,
      );
    },
    retrying: (notice) => stream.write(`import: ${describeRetry(notice)}\n`),
    stop: () => undefined,
  };
}
