import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { TEST_SECRET } from './test-app';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Resolves with the exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Everything the process wrote, for a failure message. */
  output(): string;
}

/**
 * The real service as a child process (ts-node, no build needed) on DATA_DIR `dataDir`, listening on
 * a random port of 127.0.0.1. Rejects if it has not logged "listening on" within `startTimeoutMs`.
 */
export async function startService(
  dataDir: string,
  options: { env?: Record<string, string>; startTimeoutMs?: number } = {},
): Promise<ServiceProcess> {
  // A random port may be taken: the process then exits before listening; two more tries.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(dataDir, options);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}

async function startOnce(
  dataDir: string,
  options: { env?: Record<string, string>; startTimeoutMs?: number },
): Promise<ServiceProcess> {
  const port = 20_000 + Math.floor(Math.random() * 30_000);
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        AUTH_JWT_SECRET: TEST_SECRET,
        LOG_LEVEL: 'info',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const timeoutMs = options.startTimeoutMs ?? 45_000;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the service did not start within ${timeoutMs} ms:\n${output.slice(-2000)}`)),
        timeoutMs,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        // Only the start is kept whole; later output is bounded so a long run cannot fill memory.
        if (output.length < 100_000) output += chunk.toString();
        if (chunk.toString().includes('listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        if (output.length < 100_000) output += chunk.toString();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the service exited with ${code} before listening:\n${output.slice(-2000)}`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { child, url: `http://127.0.0.1:${port}`, exited, output: () => output };
}

/** SIGKILL, then wait until the process is gone (bounded). */
export async function killHard(service: ServiceProcess, timeoutMs = 10_000): Promise<void> {
  if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL');
  await Promise.race([service.exited, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
}

export interface FailedStart {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Starts the api (or the projector) as a real process expected to fail at start, and resolves with
 * what it printed once it exited; rejects if it is still running after `timeoutMs` (then killed).
 */
export function startExpectingFailure(
  env: Record<string, string>,
  options: { app?: 'api' | 'projector'; timeoutMs?: number } = {},
): Promise<FailedStart> {
  const entry = options.app === 'projector' ? 'apps/projector/src/main.ts' : 'apps/api/src/main.ts';
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry],
    {
      cwd: ROOT,
      env: { ...process.env, HOST: '127.0.0.1', AUTH_JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timeoutMs = options.timeoutMs ?? 45_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running after ${timeoutMs} ms:\n${stdout.slice(-2000)}${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      // The pipes may still hold the last output.
      setImmediate(() => resolve({ code, stdout, stderr }));
    });
  });
}
