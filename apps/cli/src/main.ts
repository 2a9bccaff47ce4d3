import { Command, InvalidArgumentError, Option } from 'commander';
import { ImportFailedError } from './api-client';
import { BackupError, backupDataDirectory } from './backup/backup-data-directory';
import { consoleBackupProgress } from './backup/backup-progress';
import { runCheck } from './check';
import { CsvFormatError } from './csv-rows';
import { consoleProgress } from './progress';
import { IMPORT_MODES, type ImportMode } from './row-validation';
import { DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE, runImport, type ImportSummary } from './run-import';
import { DEFAULT_MAX_LIFETIME, issueToken, TokenRefusedError, type TokenRequest } from './token-command';
import { verifyLedgerCommand, type VerifyLedgerFlags } from './verify-ledger-command';

/** Exit codes: scripts tell "all imported" from "done, but see the rejected file" from "stopped". */
export const EXIT = { ok: 0, failed: 1, someRejected: 2, differences: 3, interrupted: 130 } as const;

async function checkCommand(flags: { url: string; token?: string; history?: boolean }): Promise<number> {
  if (!flags.token) {
    process.stderr.write(
      'No token: set SERIAL_API_TOKEN (or pass --token) to a JWT with the auditor role.\n',
    );
    return EXIT.failed;
  }
  try {
    const report = await runCheck({ url: flags.url, token: flags.token, history: flags.history });
    for (const difference of report.differences) process.stdout.write(`${difference}\n`);
    process.stdout.write(
      `Checked ${report.events} events and ${report.serials} serials up to position ${report.position}: ` +
        `${report.differences.length === 0 ? 'the read models agree' : `${report.differences.length} differences`}\n`,
    );
    return report.differences.length === 0 ? EXIT.ok : EXIT.differences;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}

function tokenCommand(request: TokenRequest): number {
  try {
    process.stdout.write(`${issueToken(request, process.env)}\n`);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof TokenRefusedError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT.failed;
  }
}

async function backupCommand(target: string, flags: { dataDir: string }): Promise<number> {
  try {
    const started = Date.now();
    const summary = await backupDataDirectory(flags.dataDir, target, consoleBackupProgress());
    const pages = summary.databases.reduce((sum, database) => sum + database.pages, 0);
    process.stdout.write(
      `Backed up ${flags.dataDir} into ${target}: ${summary.databases.map((d) => d.file).join(', ')} ` +
        `(${pages} pages, each checked) and ${summary.files.length} other files in ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s. Serve it with DATA_DIR=${target} npm start.\n`,
    );
    return EXIT.ok;
  } catch (error) {
    const systemError = typeof (error as NodeJS.ErrnoException).code === 'string';
    if (error instanceof BackupError || systemError) {
      process.stderr.write(`Backup failed: ${(error as Error).message}\n`);
      return EXIT.failed;
    }
    throw error;
  }
}

export function formatSummary(s: ImportSummary): string {
  const n = (value: number) => Math.round(value).toLocaleString('en-US');
  return [
    `Rows read: ${n(s.rowsRead)}, imported: ${n(s.imported)}, rejected: ${n(s.rejected)} (listed in ${s.rejectedFile})`,
    `Batches: ${n(s.batches)} (${n(s.batchesSent)} sent, ${n(s.batchesResumed)} done by an earlier run, ` +
      `${n(s.batchesReplayed)} replayed by the service); rows done by an earlier run: ${n(s.rowsResumed)}`,
    `Time: ${s.seconds.toFixed(1)} s, ${n(s.rowsPerSecond)} rows/s`,
  ].join('\n');
}

function batchSize(value: string): number {
  const size = Number(value);
  if (!/^\d+$/.test(value) || size < 1 || size > MAX_BATCH_SIZE) {
    throw new InvalidArgumentError(`a whole number from 1 to ${MAX_BATCH_SIZE}`);
  }
  return size;
}

interface ImportFlags {
  mode: ImportMode;
  url: string;
  token?: string;
  rejected?: string;
  state?: string;
  batchSize: number;
  delimiter: string;
}

async function importCommand(file: string, flags: ImportFlags): Promise<number> {
  if (!flags.token) {
    process.stderr.write(
      'No token: set SERIAL_API_TOKEN (or pass --token) to a JWT with the operator role.\n',
    );
    return EXIT.failed;
  }
  const controller = new AbortController();
  const stop = () => {
    // A second Ctrl-C does not wait for the request in flight.
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
  try {
    const summary = await runImport({
      file,
      mode: flags.mode,
      url: flags.url,
      token: flags.token,
      batchSize: flags.batchSize,
      rejectedFile: flags.rejected,
      stateFile: flags.state,
      delimiter: flags.delimiter,
      signal: controller.signal,
      progress: consoleProgress(),
    });
    process.stdout.write(`${formatSummary(summary)}\n`);
    return summary.rejected > 0 ? EXIT.someRejected : EXIT.ok;
  } catch (error) {
    if (controller.signal.aborted) {
      process.stderr.write(
        'Interrupted. Run the same command again to resume; no row will be imported twice.\n',
      );
      return EXIT.interrupted;
    }
    // Ours, or the system's (a file that cannot be read or written): the message says it all.
    const systemError = typeof (error as NodeJS.ErrnoException).code === 'string';
    if (error instanceof ImportFailedError || error instanceof CsvFormatError || systemError) {
      process.stderr.write(`${(error as Error).message}\n`);
      return EXIT.failed;
    }
    throw error;
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
  }
}

export function buildProgram(): Command {
  const program = new Command('serial-cli').description('Bulk tools for the serial-number tracking service');
  program
    .command('import')
    .description(
      'Register or receive the serials of a CSV file (columns product, serial, location, reference) ' +
        'through the service, in batches; rerun the command, with any --batch-size, to resume an interrupted import. ' +
        `Exit status: ${EXIT.ok} all rows imported, ${EXIT.someRejected} some rows rejected (see the rejected file), ` +
        `${EXIT.failed} stopped by an error, ${EXIT.interrupted} interrupted.`,
    )
    .argument('<file>', 'CSV file with a header row')
    .addOption(
      new Option('--mode <mode>', 'the command for every row').choices(IMPORT_MODES).makeOptionMandatory(),
    )
    .addOption(
      new Option('--url <url>', 'base URL of the service')
        .env('SERIAL_API_URL')
        .default('http://127.0.0.1:3000'),
    )
    .addOption(
      new Option(
        '--token <jwt>',
        'JWT with the operator role (prefer the variable: arguments show in ps)',
      ).env('SERIAL_API_TOKEN'),
    )
    .option(
      '--rejected <file>',
      'where to list rejected rows (default: <name>.rejected.csv next to the CSV; a rerun numbers its own, -2, -3, …)',
    )
    .option(
      '--state <file>',
      'progress journal for resuming (default: <file>.<mode>-state.jsonl next to the CSV)',
    )
    .option('--batch-size <n>', `serials per request, 1-${MAX_BATCH_SIZE}`, batchSize, DEFAULT_BATCH_SIZE)
    .option('--delimiter <char>', 'field delimiter', ',')
    .action(async (file: string, flags: ImportFlags) => {
      process.exitCode = await importCommand(file, flags);
    });
  program
    .command('check')
    .description(
      'Replay every serial stream from the event store and compare it with the read models; ' +
        `exit ${EXIT.ok} when they agree, ${EXIT.differences} when they differ (each difference is printed).`,
    )
    .addOption(
      new Option('--url <url>', 'base URL of the service')
        .env('SERIAL_API_URL')
        .default('http://127.0.0.1:3000'),
    )
    .addOption(new Option('--token <jwt>', 'JWT with the auditor role').env('SERIAL_API_TOKEN'))
    .option('--history', "also compare each serial's history with its events (one request per serial)")
    .action(async (flags: { url: string; token?: string; history?: boolean }) => {
      process.exitCode = await checkCommand(flags);
    });
  program
    .command('token')
    .description(
      'Print a token (a JWT, nothing else) for a person, signed for the service on this data directory: ' +
        'with AUTH_JWT_SECRET when it is set, else with the secret the service generated into the data directory. ' +
        'Refused when AUTH_JWKS_URL is set (tokens then come from the identity provider).',
    )
    .requiredOption('--sub <name>', 'the user the service records on every event the token causes')
    .requiredOption('--roles <list>', 'comma-separated: operator, reporter, auditor, admin')
    .option(
      '--ttl <duration>',
      `lifetime, e.g. 8h, 30m; at most AUTH_MAX_TOKEN_LIFETIME (${DEFAULT_MAX_LIFETIME})`,
      '8h',
    )
    .addOption(
      new Option('--data-dir <dir>', "the service's data directory").env('DATA_DIR').default('./data'),
    )
    .action((flags: TokenRequest) => {
      process.exitCode = tokenCommand(flags);
    });
  program
    .command('verify-ledger')
    .description(
      'Check an export (GET /v1/audit/export) offline against a saved tree head (GET /v1/audit/ledger): ' +
        "every event's hash, every stream's chain, global order, the Merkle root of the first treeSize events, " +
        "and with --key the head's signature. No service is needed. " +
        `Exit ${EXIT.ok} when all hold, ${EXIT.differences} with the first difference named, ${EXIT.failed} on a bad file.`,
    )
    .argument('<file>', 'the NDJSON export, from position 0')
    .requiredOption('--head <file>', 'the signed tree head, as GET /v1/audit/ledger answered it')
    .option('--key <file>', 'the public key: a PEM file, or GET /v1/audit/ledger/key saved as JSON')
    .action(async (file: string, flags: VerifyLedgerFlags) => {
      process.exitCode = await verifyLedgerCommand(file, flags, EXIT);
    });
  program
    .command('backup')
    .description(
      'Copy an embedded data directory consistently while the service keeps serving and writing ' +
        "(SQLite's online backup): the copy holds every command acknowledged before the backup began. " +
        `Exit status: ${EXIT.ok} done, ${EXIT.failed} failed.`,
    )
    .argument('<target>', 'a new or empty directory for the copy')
    .addOption(new Option('--data-dir <dir>', 'the data directory to copy').env('DATA_DIR').default('./data'))
    .action(async (target: string, flags: { dataDir: string }) => {
      process.exitCode = await backupCommand(target, flags);
    });
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT.failed;
    });
}
