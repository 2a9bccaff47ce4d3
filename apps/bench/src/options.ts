/** Sizes and durations of one bench run; `--quick` shrinks them so CI only proves the suite works. */
export interface BenchOptions {
  readonly quick: boolean;
  /** Each figure is the median of this many runs (min and max shown beside it). */
  readonly runs: number;
  /** Serials per request in the batch scenarios (API.md allows up to 10,000). */
  readonly batch: number;
  /** Requests of `batch` serials delivered together in the "deliver with stock on hand" scenario. */
  readonly deliverRequests: number;
  /** Other serials kept on hand during that scenario. */
  readonly othersOnHand: number;
  /** Serials on hand for the second pass of every figure. */
  readonly preload: number;
  readonly loadSeconds: number;
  readonly loadConnections: number;
  readonly inProcessSeconds: number;
  readonly inProcessConcurrency: number;
  /** Commands/s written while the feed and webhook delays are measured. */
  readonly integrationRate: number;
  /** Only the change feed and webhook figures (`--integrations-only`), on an empty store. */
  readonly integrationsOnly: boolean;
  /** Only `/health` under large commands and the stalled uploads (`--load-limits-only`), on an empty store. */
  readonly loadLimitsOnly: boolean;
  /** Commands per second while the ledger's lag behind the head is measured. */
  readonly ledgerRate: number;
  /** Duration of each sequential ledger read measurement (head, inclusion proof). */
  readonly ledgerReadSeconds: number;
  /** Events appended one per transaction by the raw SQLite baseline (each one is an fsync). */
  readonly rawPerTxEvents: number;
  readonly outDir: string;
  readonly keepData: boolean;
  /** Exit 2 when a target is missed (never in --quick, where the sizes make targets meaningless). */
  readonly checkTargets: boolean;
}

const FULL: Omit<
  BenchOptions,
  'outDir' | 'keepData' | 'checkTargets' | 'integrationsOnly' | 'loadLimitsOnly'
> = {
  quick: false,
  runs: 3,
  batch: 10_000,
  deliverRequests: 3,
  othersOnHand: 50_000,
  preload: 1_000_000,
  loadSeconds: 10,
  loadConnections: 20,
  inProcessSeconds: 10,
  inProcessConcurrency: 20,
  integrationRate: 1_000,
  ledgerRate: 1_000,
  ledgerReadSeconds: 5,
  rawPerTxEvents: 2_000,
};

const QUICK: typeof FULL = {
  quick: true,
  runs: 1,
  batch: 500,
  deliverRequests: 3,
  othersOnHand: 2_500,
  preload: 20_000,
  loadSeconds: 2,
  loadConnections: 20,
  inProcessSeconds: 1,
  inProcessConcurrency: 20,
  integrationRate: 200,
  ledgerRate: 200,
  ledgerReadSeconds: 1,
  rawPerTxEvents: 200,
};

export const USAGE = `Usage: npm run bench -- [--quick] [--runs N] [--preload N] [--load-seconds S]
                          [--out DIR] [--keep-data] [--check-targets] [--integrations-only]
                          [--load-limits-only]
  --quick          tiny sizes for CI: checks that the suite works, never fails on targets
  --runs N         runs per figure, the median is reported (default 3, 1 with --quick)
  --preload N      serials on hand for the second pass (default 1000000)
  --load-seconds S duration of each HTTP load and in-process run (default 10)
  --out DIR        where the JSON result goes (default bench-results)
  --keep-data      keep the temporary data directory for inspection
  --check-targets  exit 2 when a target is missed
  --integrations-only  only the change feed and webhook figures, on an empty store
  --load-limits-only   only /health under large commands and stalled uploads, on an empty store`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const base = quick ? QUICK : FULL;
  const value = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index === -1 ? undefined : argv[index + 1];
  };
  const int = (flag: string, fallback: number, min: number, max: number): number => {
    const raw = value(flag);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new Error(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
    }
    return parsed;
  };
  const known = new Set([
    '--quick',
    '--keep-data',
    '--check-targets',
    '--runs',
    '--preload',
    '--integrations-only',
    '--load-limits-only',
  ]);
  ['--load-seconds', '--out'].forEach((flag) => known.add(flag));
  argv.forEach((arg, i) => {
    const isValue = i > 0 && ['--runs', '--preload', '--load-seconds', '--out'].includes(argv[i - 1]);
    if (!isValue && !known.has(arg)) throw new Error(`Unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  });
  const loadSeconds = int('--load-seconds', base.loadSeconds, 1, 300);
  return {
    ...base,
    runs: int('--runs', base.runs, 1, 20),
    // The preload must at least hold the "others on hand", which stay on hand in the store.
    preload: int('--preload', base.preload, base.othersOnHand, 10_000_000),
    loadSeconds,
    inProcessSeconds: value('--load-seconds') === undefined ? base.inProcessSeconds : loadSeconds,
    outDir: value('--out') ?? 'bench-results',
    keepData: argv.includes('--keep-data'),
    integrationsOnly: argv.includes('--integrations-only'),
    loadLimitsOnly: argv.includes('--load-limits-only'),
    checkTargets: !quick && argv.includes('--check-targets'),
  };
}
