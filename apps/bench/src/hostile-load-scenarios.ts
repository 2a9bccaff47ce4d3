import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { PRODUCT_ID, STOCK, type ApiClient } from './api-client';
import { serialNumbers } from './batch-scenarios';
import type { FigureSet } from './figures';
import { percentile } from './load-scenarios';
import type { BenchOptions } from './options';
import type { ServiceProcess } from './service';

/** MAX_LARGE_COMMANDS' default: more at once would be answered 429 instead of measured. */
const PARALLEL_LARGE_COMMANDS = 2;
const HEALTH_INTERVAL_MS = 10;
const STALLED_UPLOADS = 20;
const STALLED_BODY_BYTES = 16 * 1024 * 1024;
/** What each stalled client sends of its body before it stops sending. */
const STALLED_SENT_BYTES = 1024 * 1024;
const STALL_MS = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The probe runs on a thread of its own: on the bench's main thread it also waited for the bench's own
 * work (stringifying 10,000-serial bodies, parsing their answers), which is not the service's latency.
 * It measures from its second request on, once its connection is open.
 */
const PROBE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const latencies = [];
let running = true;
parentPort.once('message', () => (running = false));
(async () => {
  // A first request opens the connection (and warms fetch up) before anything is measured.
  await fetch(workerData.url).then((response) => response.text());
  parentPort.postMessage('ready');
  while (running) {
    const startedAt = performance.now();
    await fetch(workerData.url).then((response) => response.text());
    latencies.push(performance.now() - startedAt);
    await new Promise((resolve) => setTimeout(resolve, workerData.intervalMs));
  }
  parentPort.postMessage(latencies);
})().catch((error) => {
  throw error;
});
`;

/** `GET /health` latencies (ms), one request every 10 ms, for as long as `work` runs. */
async function healthWhile(api: ApiClient, work: () => Promise<unknown>): Promise<number[]> {
  const probe = new Worker(PROBE_SOURCE, {
    eval: true,
    workerData: { url: `${api.baseUrl}/health`, intervalMs: HEALTH_INTERVAL_MS },
  });
  const failed = new Promise<never>((_, reject) => probe.once('error', reject));
  failed.catch(() => undefined);
  const message = () => Promise.race([new Promise((resolve) => probe.once('message', resolve)), failed]);
  await message();
  const measured = message() as Promise<number[]>;
  try {
    await work();
  } finally {
    probe.postMessage('stop');
  }
  const latencies = await measured;
  await probe.terminate();
  return latencies;
}

function addLatencies(figures: FigureSet, key: string, what: string, latencies: readonly number[]) {
  for (const [name, p] of [
    ['p50', 50],
    ['p99', 99],
  ] as const) {
    figures.add(
      {
        key: `${key}${name}`,
        label: `/health ${name} while ${what}`,
        unit: 'ms',
        better: 'lower',
        ...(name === 'p99' && { target: { op: '<=', value: 100 } }),
      },
      percentile(latencies, p),
    );
  }
  figures.add(
    { key: `${key}max`, label: `/health max while ${what}`, unit: 'ms', better: 'lower' },
    Math.max(...latencies),
  );
}

/**
 * API.md "Load limits": `/health` keeps answering while large commands run. Two parallel receives
 * of `batch` serials each, then two parallel deliveries of them, with `/health` probed meanwhile.
 */
export async function measureHealthUnderLargeCommands(
  api: ApiClient,
  figures: FigureSet,
  options: BenchOptions,
  tag: string,
): Promise<void> {
  const lists = Array.from({ length: PARALLEL_LARGE_COMMANDS }, (_, k) =>
    serialNumbers(`${tag}-H${k}`, options.batch),
  );
  const size = options.batch.toLocaleString('en-US');
  const what = (verb: string) => `${PARALLEL_LARGE_COMMANDS} × ${verb} ${size} serials run`;
  const receives = await healthWhile(api, () =>
    Promise.all(
      lists.map((serials) =>
        api.command('/v1/serials/receive', {
          productId: PRODUCT_ID,
          serialNumbers: serials,
          toLocationId: STOCK,
        }),
      ),
    ),
  );
  addLatencies(figures, 'healthReceive', what('receive'), receives);
  const deliveries = await healthWhile(api, () =>
    Promise.all(
      lists.map((serials) =>
        api.command('/v1/serials/deliver', {
          productId: PRODUCT_ID,
          serialNumbers: serials,
          fromLocationId: STOCK,
          customerId: 'CUSTOMER-1',
        }),
      ),
    ),
  );
  addLatencies(figures, 'healthDeliver', what('deliver'), deliveries);
}

/**
 * Issue 13's finding: 20 stalled 16 MiB uploads without a token raised RSS by 180 MB for good. Each
 * client sends the headers and 1 MiB of body, then nothing; the figure is the RSS growth after 3 s
 * (the service answers 401 and closes before reading the body).
 */
export async function measureStalledUploads(service: ServiceProcess, figures: FigureSet): Promise<void> {
  const before = service.rssMb();
  const { hostname, port } = new URL(service.baseUrl);
  const sockets: Socket[] = [];
  for (let i = 0; i < STALLED_UPLOADS; i++) {
    const socket = connect(Number(port), hostname);
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    socket.write(
      `POST /v1/serials/receive HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${STALLED_BODY_BYTES}\r\n\r\n`,
    );
    socket.write(Buffer.alloc(STALLED_SENT_BYTES, '['));
    sockets.push(socket);
  }
  await sleep(STALL_MS);
  const after = service.rssMb();
  for (const socket of sockets) socket.destroy();
  figures.add(
    {
      key: 'stalledUploadsRss',
      label: `RSS growth, ${STALLED_UPLOADS} stalled 16 MiB uploads without a token`,
      unit: 'MB',
      better: 'lower',
    },
    after - before,
  );
}

/** Both figures of API.md "Load limits", `options.runs` times each. */
export async function measureHostileLoad(
  api: ApiClient,
  service: ServiceProcess,
  figures: FigureSet,
  options: BenchOptions,
  tag: string,
  progress: (message: string) => void,
): Promise<void> {
  for (let run = 0; run < options.runs; run++) {
    progress(
      `/health while ${PARALLEL_LARGE_COMMANDS} x ${options.batch} serials run, run ${run + 1}/${options.runs}`,
    );
    await measureHealthUnderLargeCommands(api, figures, options, `${tag}${run}`);
    progress(`RSS under ${STALLED_UPLOADS} stalled uploads without a token, run ${run + 1}/${options.runs}`);
    await measureStalledUploads(service, figures);
  }
}
