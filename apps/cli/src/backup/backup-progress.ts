import { Presets, SingleBar } from 'cli-progress';
import type { BackupProgress } from './backup-data-directory';

/** A bar of pages copied on a terminal; on a pipe or a log, one line per database. */
export function consoleBackupProgress(stream: NodeJS.WriteStream = process.stderr): BackupProgress {
  if (!stream.isTTY) {
    let current = '';
    return {
      start: (total) => stream.write(`backup: ${total} pages to copy\n`),
      copied: (_pages, database) => {
        if (database === current) return;
        current = database;
        stream.write(`backup: copying ${database}\n`);
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar(
    { stream, format: '{bar} {percentage}% | {value}/{total} pages | {database}', hideCursor: true },
    Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(Math.max(total, 1), 0, { database: '' }),
    copied: (pages, database) => bar.increment(pages, { database }),
    stop: () => bar.stop(),
  };
}

export const silentBackupProgress: BackupProgress = {
  start: () => undefined,
  copied: () => undefined,
  stop: () => undefined,
};
