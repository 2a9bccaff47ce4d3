import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort, terminate } from '../service';

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const CEILING_MAIN = join(__dirname, 'main.js');

/** The framework-ceiling app (ceiling-app.ts) in a process of its own on 127.0.0.1. */
export class CeilingProcess {
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {
    child.once('exit', () => (this.exited = true));
  }

  static async start(): Promise<CeilingProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [CEILING_MAIN], {
      env: { PATH: process.env.PATH, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const ceiling = new CeilingProcess(child, `http://127.0.0.1:${port}`);
    try {
      await ceiling.waitReady();
    } catch (error) {
      await ceiling.stop();
      throw error;
    }
    return ceiling;
  }

  async stop(): Promise<void> {
    if (!this.exited) await terminate(this.child, STOP_GRACE_MS);
  }

  private async waitReady(): Promise<void> {
    const deadline = performance.now() + READY_TIMEOUT_MS;
    while (performance.now() < deadline) {
      if (this.exited) throw new Error('The framework-ceiling app exited during start-up');
      const ready = await fetch(`${this.baseUrl}/ready`, { signal: AbortSignal.timeout(2_000) })
        .then((response) => response.status === 200)
        .catch(() => false);
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`The framework-ceiling app was not ready within ${READY_TIMEOUT_MS} ms`);
  }
}
