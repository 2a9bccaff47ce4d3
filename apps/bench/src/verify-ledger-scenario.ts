import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { unexpected, type ApiClient } from './api-client';
import type { FigureSet } from './figures';

/** The built CLI beside this compiled file, as `node dist/apps/cli/src/main.js` runs it. */
const CLI_MAIN = join(__dirname, '..', '..', 'cli', 'src', 'main.js');
const VERIFY_TIMEOUT_MS = 60 * 60_000;

/**
 * Exports every event (GET /v1/audit/export, streamed to a file), saves the head and the key, then
 * runs the built `verify-ledger` on them: events/s of each, and the verifier's peak RSS.
 */
export async function measureExportAndVerify(api: ApiClient, figures: FigureSet, directory: string) {
  await api.waitCaughtUp(5 * 60_000);
  const files = {
    events: join(directory, 'bench-export.ndjson'),
    head: join(directory, 'bench-head.json'),
    key: join(directory, 'bench-key.json'),
  };
  try {
    const head = await api.request('GET', '/v1/audit/ledger');
    const key = await api.request('GET', '/v1/audit/ledger/key');
    if (head.status !== 200) throw unexpected('GET', '/v1/audit/ledger', head);
    writeFileSync(files.head, JSON.stringify(head.body));
    writeFileSync(files.key, JSON.stringify(key.body));
    const events = (head.body as { treeSize: number }).treeSize;

    const exportStarted = performance.now();
    const response = await fetch(`${api.baseUrl}/v1/audit/export`, {
      headers: { authorization: api.authorization },
    });
    if (!response.ok || !response.body) throw new Error(`GET /v1/audit/export answered ${response.status}`);
    await pipeline(Readable.fromWeb(response.body as never), createWriteStream(files.events));
    const exportSeconds = (performance.now() - exportStarted) / 1000;

    const verifyStarted = performance.now();
    const { code, peakRssMb, output } = await runVerifier(files);
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    if (code !== 0) throw new Error(`verify-ledger exited ${code}:\n${output}`);

    const count = events.toLocaleString('en-US');
    figures.add(
      {
        key: 'exportRate',
        label: `GET /v1/audit/export of ${count} events (events/s)`,
        unit: '/s',
        better: 'higher',
      },
      events / exportSeconds,
    );
    figures.add(
      {
        key: 'verifyRate',
        label: `verify-ledger of ${count} events (events/s)`,
        unit: '/s',
        better: 'higher',
      },
      events / verifySeconds,
    );
    figures.add(
      { key: 'verifyRss', label: '  verify-ledger peak RSS', unit: 'MB', better: 'lower' },
      peakRssMb,
    );
  } finally {
    for (const file of Object.values(files)) rmSync(file, { force: true });
  }
}

function runVerifier(files: { events: string; head: string; key: string }) {
  const child = spawn(
    process.execPath,
    [CLI_MAIN, 'verify-ledger', files.events, '--head', files.head, '--key', files.key],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let peakKb = 0;
  const sample = () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peakKb = Math.max(peakKb, Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0));
    } catch {
      // Exited between two samples; the last one stands.
    }
  };
  const sampler = setInterval(sample, 200);
  const timer = setTimeout(() => child.kill('SIGKILL'), VERIFY_TIMEOUT_MS);
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  return new Promise<{ code: number | null; peakRssMb: number; output: string }>((resolve) =>
    child.on('close', (code) => {
      clearInterval(sampler);
      clearTimeout(timer);
      resolve({ code, peakRssMb: peakKb / 1024, output });
    }),
  );
}
