import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;
const RSS_SAMPLE_MS = 500;
const OUTPUT_TAIL_CHARS = 8_000;

/**
 * The built production entry point, what `npm start` runs, found beside this compiled file (the api's
 * build output is a sibling of the bench's): the bench measures what ships, not ts-node.
 */
export const SERVICE_MAIN = join(__dirname, '..', '..', 'api', 'src', 'main.js');

export interface ServiceEnv {
  readonly dataDir: string;
  readonly secret: string;
}

/** Every child still running, so that an error or Ctrl-C never leaves one behind. */
const running = new Set<ServiceProcess>();

export async function stopAllServices(): Promise<void> {
  await Promise.all([...running].map((service) => service.stop()));
}

/**
 * The built service (`npm start`'s entry point) on a free 127.0.0.1 port with the shipped durable settings
 * (nothing but the documented environment variables is changed), plus a sampler of its peak RSS.
 */
export class ServiceProcess {
  private peakKb = 0;
  private output = '';
  private exited = false;
  private sampler: NodeJS.Timeout | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    /** Seconds from spawn to the first 200 of /health/ready. */
    public startupSeconds = 0,
  ) {}

  static async start(env: ServiceEnv): Promise<ServiceProcess> {
    if (!existsSync(SERVICE_MAIN)) {
      throw new Error(`${SERVICE_MAIN} is missing: run \`npm run build\` first (npm run bench does it)`);
    }
    const port = await freePort();
    const startedAt = performance.now();
    const child = spawn(process.execPath, [SERVICE_MAIN], {
      env: {
        PATH: process.env.PATH,
        DATA_DIR: env.dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        AUTH_JWT_SECRET: env.secret,
        LOG_LEVEL: 'warn',
        // The bench's own webhook receiver listens on 127.0.0.1 (API.md: internal addresses are refused otherwise).
        WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(child, `http://127.0.0.1:${port}`);
    running.add(service);
    service.watch();
    try {
      await service.waitReady();
    } catch (error) {
      await service.stop();
      throw error;
    }
    service.startupSeconds = (performance.now() - startedAt) / 1000;
    return service;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** The highest resident set size so far, from the kernel's own high-water mark (VmHWM). */
  peakRssMb(): number {
    this.sample();
    return this.peakKb / 1024;
  }

  /**
   * The high-water mark since the last call (or the start), then resets it: writing 5 to
   * /proc/PID/clear_refs sets VmHWM back to the RSS of the moment (Linux). The whole run's peak is kept
   * by the sampler and peakRssMb either way. NaN where the kernel refuses the reset.
   */
  phasePeakRssMb(): number {
    this.sample();
    try {
      const kb = statusKb(readFileSync(`/proc/${this.pid}/status`, 'utf8'), 'VmHWM') ?? NaN;
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
      return kb / 1024;
    } catch {
      return NaN;
    }
  }

  /** The resident set size now (VmRSS). */
  rssMb(): number {
    try {
      return (statusKb(readFileSync(`/proc/${this.pid}/status`, 'utf8'), 'VmRSS') ?? 0) / 1024;
    } catch {
      return NaN;
    }
  }

  async stop(): Promise<void> {
    if (!running.delete(this)) return;
    this.sample();
    clearInterval(this.sampler);
    if (!this.exited) await terminate(this.child, STOP_GRACE_MS);
  }

  /** The last lines the service printed: its warnings explain most failures. */
  tail(): string {
    return this.output.trim();
  }

  private watch(): void {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.child.once('exit', () => (this.exited = true));
    this.sampler = setInterval(() => this.sample(), RSS_SAMPLE_MS);
    this.sampler.unref();
  }

  private sample(): void {
    if (this.exited) return;
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      for (const field of ['VmHWM', 'VmRSS'] as const)
        this.peakKb = Math.max(this.peakKb, statusKb(status, field) ?? 0);
    } catch {
      // The process exited between the check and the read; the last sample stands.
    }
  }

  private async waitReady(): Promise<void> {
    const deadline = performance.now() + READY_TIMEOUT_MS;
    while (performance.now() < deadline) {
      if (this.exited) throw new Error(`The service exited during start-up:\n${this.tail()}`);
      const ready = await fetch(`${this.baseUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) })
        .then((response) => response.status === 200)
        .catch(() => false);
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`The service was not ready within ${READY_TIMEOUT_MS} ms:\n${this.tail()}`);
  }
}

/** SIGTERM, then SIGKILL if the child has not exited within `graceMs`. */
export async function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A memory field of /proc/PID/status, in kB; undefined when the kernel does not show it. */
function statusKb(status: string, field: 'VmHWM' | 'VmRSS'): number | undefined {
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
  return kb === undefined ? undefined : Number(kb);
}
