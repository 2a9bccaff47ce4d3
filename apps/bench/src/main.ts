import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '@serial/runtime';
import { ApiClient } from './api-client';
import { CeilingProcess } from './ceiling/ceiling-process';
import { deliverWithStock, preload, receiveOthers, receiveThenDeliver } from './batch-scenarios';
import { FigureSet, summarise } from './figures';
import { measureHostileLoad } from './hostile-load-scenarios';
import { measureInProcess } from './in-process';
import { measureIntegrations, OPEN_FEEDS } from './integration-scenarios';
import { measureLedgerLag, measureLedgerReads } from './ledger-scenarios';
import { CHEAPEST_ROUTE, measureHttpLoad } from './load-scenarios';
import { parseOptions, USAGE, type BenchOptions } from './options';
import { measureRebuild } from './rebuild';
import { printTable, writeJson, type Pass } from './report';
import { measureTrace, prepareTrace } from './trace-scenarios';
import { createTree, measureTreeReads } from './tree-scenarios';
import { ServiceProcess, stopAllServices } from './service';
import { measureRawSqlite, mergeBaselines } from './sqlite-baseline';
import { measureExportAndVerify } from './verify-ledger-scenario';

const progress = (message: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

interface Context {
  readonly options: BenchOptions;
  readonly dataDir: string;
  readonly secret: string;
  /** The framework-ceiling app, one process for the whole run. */
  readonly ceilingUrl: string;
}

async function startService(context: Context): Promise<{ service: ServiceProcess; api: ApiClient }> {
  const service = await ServiceProcess.start({ dataDir: context.dataDir, secret: context.secret });
  // Admin holds every role; a day is longer than any run.
  const token = signToken(context.secret, { sub: 'bench', roles: ['admin'] }, '24h');
  progress(
    `service pid ${service.pid} ready at ${service.baseUrl} in ${service.startupSeconds.toFixed(2)} s`,
  );
  return { service, api: new ApiClient(service.baseUrl, token) };
}

/**
 * One unmeasured round of the batch and HTTP paths before the measured runs: the service is a
 * long-running process whose code is compiled and whose caches are warm; a cold first run would
 * measure V8's JIT and the first growth of the files instead.
 */
async function warmUp(api: ApiClient, context: Context, tag: string): Promise<void> {
  const { options } = context;
  const discarded = new FigureSet();
  await receiveThenDeliver(api, discarded, options, `${tag}W`);
  await measureHttpLoad(
    api,
    discarded,
    { ...options, loadSeconds: Math.min(2, options.loadSeconds) },
    `${tag}W`,
    context.ceilingUrl,
  );
}

/** Every figure once per run against a running service, then the in-process one with it stopped. */
async function measurePass(
  context: Context,
  pass: Pass,
  service: ServiceProcess,
  api: ApiClient,
  tag: string,
  beforeStockScenario: () => Promise<void> = async () => undefined,
) {
  const { options } = context;
  const figures = pass.figures;
  const phasePeak = (phase: string, label: string) => addPhasePeak(figures, service, phase, label);
  // Resets the high-water mark: the warm-up's figure starts here.
  service.phasePeakRssMb();
  progress(`${pass.name}: warm-up (not measured)`);
  await warmUp(api, context, tag);
  phasePeak('warmUp', 'the warm-up');
  for (let run = 0; run < options.runs; run++) {
    progress(`${pass.name}: receive/deliver ${options.batch} serials, run ${run + 1}/${options.runs}`);
    await receiveThenDeliver(api, figures, options, `${tag}${run}`);
  }
  phasePeak('receiveDeliver', `receive/deliver ${options.batch}`);
  await beforeStockScenario();
  for (let run = 0; run < options.runs; run++) {
    progress(
      `${pass.name}: deliver ${options.deliverRequests} x ${options.batch}, run ${run + 1}/${options.runs}`,
    );
    await deliverWithStock(api, figures, options, `${tag}${run}`);
  }
  phasePeak('deliverWithStock', `deliver ${options.deliverRequests} x ${options.batch}`);
  for (let run = 0; run < options.runs; run++) {
    progress(
      `${pass.name}: HTTP load ${options.loadSeconds} s + ${CHEAPEST_ROUTE}, run ${run + 1}/${options.runs}`,
    );
    await measureHttpLoad(api, figures, options, `${tag}${run}`, context.ceilingUrl);
  }
  phasePeak('httpLoad', 'the HTTP load');
  await measureHostileLoad(api, service, figures, options, tag, (message) =>
    progress(`${pass.name}: ${message}`),
  );
  phasePeak('hostileLoad', '/health under big commands, stalled uploads');
  await measureIntegrationRuns(api, service.pid, figures, options, pass.name, tag);
  phasePeak('integrations', 'feeds and webhooks');
  for (let run = 0; run < options.runs; run++) {
    progress(`${pass.name}: ledger lag at ${options.ledgerRate} commands/s, run ${run + 1}/${options.runs}`);
    await measureLedgerLag(api, figures, options, `${tag}${run}`);
    progress(`${pass.name}: ledger head and inclusion proof costs, run ${run + 1}/${options.runs}`);
    await measureLedgerReads(api, figures, options);
  }
  phasePeak('ledger', 'the ledger figures');
  // Once per pass: an export and its offline check take minutes at 1,000,000 events.
  progress(`${pass.name}: export every event and verify-ledger it`);
  await measureExportAndVerify(api, figures, context.dataDir);
  phasePeak('export', 'the export');
  for (let run = 0; run < options.runs; run++) {
    progress(`${pass.name}: projection rebuild, run ${run + 1}/${options.runs}`);
    const events = await measureRebuild(api, figures);
    progress(`${pass.name}: rebuilt ${events.toLocaleString('en-US')} events`);
  }
  phasePeak('rebuild', 'the rebuilds');
  figures.add(
    {
      key: 'peakRss',
      label: 'service peak RSS (VmHWM)',
      unit: 'MB',
      better: 'lower',
      ...(pass.rssTarget && { target: { op: '<=', value: 400 } }),
    },
    service.peakRssMb(),
  );
  await service.stop();
  progress(`${pass.name}: in-process receive→deliver (service stopped: one writer per file)`);
  await measureInProcess(context.dataDir, context.secret, figures, options, tag);
}

/** The service's peak RSS since the last phase ended, as a figure; the next phase starts from now. */
function addPhasePeak(figures: FigureSet, service: ServiceProcess, phase: string, label: string): void {
  figures.add(
    { key: `peakRss.${phase}`, label: `… peak RSS during ${label}`, unit: 'MB', better: 'lower' },
    service.phasePeakRssMb(),
  );
}

async function measureIntegrationRuns(
  api: ApiClient,
  pid: number,
  figures: FigureSet,
  options: BenchOptions,
  name: string,
  tag: string,
): Promise<void> {
  for (let run = 0; run < options.runs; run++) {
    progress(
      `${name}: change feed and webhook delays, ${OPEN_FEEDS} open feeds, run ${run + 1}/${options.runs}`,
    );
    await measureIntegrations(api, pid, figures, options, `${tag}I${run}`);
  }
}

/**
 * `--integrations-only` / `--load-limits-only`: one group of figures alone, on an empty store, as a
 * plain list.
 */
async function figuresAlone(
  context: Context,
  measure: (api: ApiClient, service: ServiceProcess, figures: FigureSet) => Promise<void>,
): Promise<number> {
  const { service, api } = await startService(context);
  await api.createProduct();
  const figures = new FigureSet();
  await warmUp(api, context, 'W');
  await measure(api, service, figures);
  await service.stop();
  for (const figure of figures.all()) {
    const { median, min, max } = summarise(figure.samples);
    const unit = figure.unit === 'count' ? '' : ` ${figure.unit}`;
    process.stdout.write(
      `${figure.label.padEnd(60)} ${median.toFixed(2)}${unit} (min ${min.toFixed(2)}, max ${max.toFixed(2)})\n`,
    );
  }
  return 0;
}

async function main(): Promise<number> {
  if (process.argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const options = parseOptions(process.argv.slice(2));
  const ceiling = await CeilingProcess.start();
  const context: Context = {
    options,
    dataDir: mkdtempSync(join(tmpdir(), 'serial-bench-')),
    secret: randomBytes(36).toString('base64url'),
    ceilingUrl: ceiling.baseUrl,
  };
  const cleanup = async () => {
    await Promise.all([stopAllServices(), ceiling.stop()]);
    if (!options.keepData) rmSync(context.dataDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  try {
    if (options.integrationsOnly) {
      return await figuresAlone(context, (api, service, figures) =>
        measureIntegrationRuns(api, service.pid, figures, options, 'integrations', 'N'),
      );
    }
    if (options.loadLimitsOnly) {
      return await figuresAlone(context, (api, service, figures) =>
        measureHostileLoad(api, service, figures, options, 'L', progress),
      );
    }
    const startedAt = new Date();
    progress(
      `${options.quick ? 'quick' : 'full'} run, data in ${context.dataDir}, load average ${loadavg()[0].toFixed(2)}`,
    );
    progress('raw better-sqlite3 baseline');
    const rawBefore = measureRawSqlite(options);

    const empty: Pass = {
      name: 'empty store',
      description: `starts empty; ${options.othersOnHand.toLocaleString('en-US')} other serials on hand from the second scenario on`,
      figures: new FigureSet(),
    };
    let { service, api } = await startService(context);
    empty.figures.add(
      { key: 'startup', label: 'service start-up to /health/ready', unit: 's', better: 'lower' },
      service.startupSeconds,
    );
    await api.createProduct();
    await measurePass(context, empty, service, api, 'E', async () => {
      progress(`putting ${options.othersOnHand} other serials on hand`);
      await receiveOthers(api, options);
    });

    ({ service, api } = await startService(context));
    const tree = await createTree(api, options);
    progress(
      `preloading ${options.preload} serials on hand through POST /v1/serials/receive, over ${tree.bins.length} bins in ${tree.zones.length} zones`,
    );
    const loaded = await preload(api, options.preload, options.batch, tree.bins);
    progress(
      `preloaded ${loaded.received} in ${loaded.receiveSeconds.toFixed(1)} s, projected ${loaded.projectSeconds.toFixed(1)} s later`,
    );
    const onHand: Pass = {
      name: 'stock on hand',
      description: `${loaded.onHand.toLocaleString('en-US')} serials on hand`,
      figures: new FigureSet(),
      rssTarget: loaded.onHand >= 1_000_000,
    };
    for (let run = 0; run < options.runs; run++) {
      progress(`${onHand.name}: subtree list pages and stock reports, run ${run + 1}/${options.runs}`);
      await measureTreeReads(api, onHand.figures, options, tree);
    }
    progress(`${onHand.name}: a bill's serials delivered on five invoices, and a unit 5 levels deep`);
    const trace = await prepareTrace(api, options, 'TR');
    for (let run = 0; run < options.runs; run++) {
      progress(`${onHand.name}: trace by reference and of a unit, run ${run + 1}/${options.runs}`);
      await measureTrace(api, onHand.figures, options, trace);
    }
    addPhasePeak(onHand.figures, service, 'preload', 'the preload, tree reads and traces');
    await measurePass(context, onHand, service, api, 'L');
    ({ service } = await startService(context));
    onHand.figures.add(
      { key: 'startup', label: 'service start-up to /health/ready', unit: 's', better: 'lower' },
      service.startupSeconds,
    );
    await service.stop();
    progress('raw better-sqlite3 baseline again');
    const raw = mergeBaselines(rawBefore, measureRawSqlite(options));

    const info = {
      dataDir: context.dataDir,
      cheapestRoute: CHEAPEST_ROUTE,
      preload: {
        ...loaded,
        serialsPerSecond: loaded.received / loaded.receiveSeconds,
        bins: tree.bins.length,
        zones: tree.zones.length,
      },
    };
    const report = {
      options,
      startedAt,
      raw,
      passes: [empty, onHand] as [Pass, Pass],
      info,
    };
    const { failed } = printTable(report);
    process.stdout.write(
      `\npreload: ${loaded.received.toLocaleString('en-US')} serials received in ${loaded.receiveSeconds.toFixed(1)} s ` +
        `(${Math.round(loaded.received / Math.max(loaded.receiveSeconds, 1e-9)).toLocaleString('en-US')}/s, requests of ${loaded.requestSize} onto ${tree.bins.length} bins), ` +
        `projected ${loaded.projectSeconds.toFixed(1)} s after the last one\n`,
    );
    process.stdout.write(`results: ${writeJson(report)}\n`);
    if (options.quick)
      process.stdout.write(
        '--quick: sizes too small for the targets; this run only checks that the suite works.\n',
      );
    return options.checkTargets && failed > 0 ? 2 : 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
