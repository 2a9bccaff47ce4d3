import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CEILING_KEY,
  fractionOfCeiling,
  fractionOfRaw,
  meetsTarget,
  SCALE_LIMIT,
  slowdown,
  summarise,
  type Figure,
  type FigureSet,
} from './figures';
import type { BenchOptions } from './options';
import type { RawBaseline } from './sqlite-baseline';

export interface Pass {
  readonly name: string;
  readonly description: string;
  /** The peak RSS target applies to the pass with 1,000,000 serials on hand. */
  readonly rssTarget?: boolean;
  readonly figures: FigureSet;
}

export interface Report {
  readonly options: BenchOptions;
  readonly startedAt: Date;
  readonly raw: RawBaseline;
  readonly passes: readonly [Pass, Pass];
  readonly info: Record<string, unknown>;
}

function format(value: number, unit: Figure['unit']): string {
  if (!Number.isFinite(value)) return '-';
  const fixed = (digits: number) =>
    value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  switch (unit) {
    case 's':
      return `${fixed(3)} s`;
    case 'ms':
      return `${fixed(1)} ms`;
    case '/s':
      return `${fixed(0)}/s`;
    case 'MB':
      return `${fixed(0)} MB`;
    case 'x':
      return `${fixed(2)}x`;
    case 'count':
      return fixed(0);
  }
}

const percent = (value: number | null) =>
  value === null ? '' : `${(value * 100).toFixed(value < 0.1 ? 2 : 1)}%`;

/** Every figure of both passes with its verdicts, as the table and the JSON file show them. */
function rows(report: Report) {
  const raw = { oneTx: report.raw.oneTx.median, perTx: report.raw.perTx.median };
  const [empty, loaded] = report.passes;
  return report.passes.flatMap((pass) =>
    pass.figures.all().map((figure) => {
      const baseline = pass === loaded ? empty.figures.get(figure.key) : undefined;
      const ratio = baseline && figure.unit !== 'count' ? slowdown(baseline, figure) : null;
      const scale = ratio !== null && Number.isFinite(ratio) ? ratio : null;
      return {
        pass: pass.name,
        figure,
        summary: summarise(figure.samples),
        target: meetsTarget(figure),
        fractionOfRaw: fractionOfRaw(figure, raw),
        fractionOfCeiling: fractionOfCeiling(figure, pass.figures.get(CEILING_KEY)),
        slowdown: scale,
        scaleTarget: figure.scaleTarget && scale !== null ? scale <= SCALE_LIMIT : null,
      };
    }),
  );
}

const verdict = (ok: boolean | null) => (ok === null ? '' : ok ? 'pass' : 'FAIL');

export function printTable(report: Report): { failed: number } {
  const all = rows(report);
  const header = [
    'figure',
    'median',
    'min',
    'max',
    'target',
    'ok',
    'of raw SQLite',
    'of framework',
    'vs empty',
    'ok',
  ];
  const lines: string[][] = [];
  for (const pass of report.passes) {
    lines.push([`-- ${pass.name}: ${pass.description}`]);
    for (const row of all.filter((r) => r.pass === pass.name)) {
      const { figure, summary } = row;
      lines.push([
        figure.label,
        format(summary.median, figure.unit),
        format(summary.min, figure.unit),
        format(summary.max, figure.unit),
        figure.target ? `${figure.target.op} ${format(figure.target.value, figure.unit)}` : '',
        verdict(row.target),
        percent(row.fractionOfRaw),
        percent(row.fractionOfCeiling),
        row.slowdown === null ? '' : `${row.slowdown.toFixed(2)}x`,
        verdict(row.scaleTarget),
      ]);
    }
  }
  const widths = header.map((h, i) =>
    Math.max(h.length, ...lines.filter((l) => l.length > 1).map((l) => (l[i] ?? '').length)),
  );
  const render = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const out = [render(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const line of lines) out.push(line.length === 1 ? line[0] : render(line));
  const { oneTx, perTx } = report.raw;
  out.push(
    '',
    `raw better-sqlite3 (WAL, synchronous=FULL, same table; measured before and after the service): ${format(oneTx.median, '/s')} events in one transaction of ${oneTx.events.toLocaleString('en-US')} (min ${format(oneTx.min, '/s')}, max ${format(oneTx.max, '/s')}); ${format(perTx.median, '/s')} events one per transaction (min ${format(perTx.min, '/s')}, max ${format(perTx.max, '/s')})`,
    `"of raw SQLite": the service's events/s (events / median time, or the rate itself) over the raw rate: batch figures and rebuild against one transaction, single-serial commands against one per transaction.`,
    `"of framework": an HTTP rate over the framework ceiling of the same pass (a bare NestJS 11 + Fastify route with a class-validator DTO, same autocannon settings, its own process).`,
    `"vs empty": how many times worse than the empty-store pass (target <= ${SCALE_LIMIT}x).`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
  const failed = all.filter((r) => r.target === false || r.scaleTarget === false).length;
  return { failed };
}

/** bench-results/<timestamp>.json (git-ignored); returns its absolute path. */
export function writeJson(report: Report): string {
  const dir = resolve(report.options.outDir);
  mkdirSync(dir, { recursive: true });
  const file = join(
    dir,
    `${report.startedAt.toISOString().replace(/[:.]/g, '-')}${report.options.quick ? '-quick' : ''}.json`,
  );
  const body = {
    startedAt: report.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      loadavg: loadavg(),
      node: process.version,
      platform: process.platform,
    },
    options: report.options,
    rawSqlite: report.raw,
    info: report.info,
    passes: report.passes.map(({ name, description }) => ({ name, description })),
    figures: rows(report).map(({ figure, ...rest }) => ({
      pass: rest.pass,
      key: figure.key,
      label: figure.label.trim(),
      unit: figure.unit,
      samples: figure.samples,
      ...rest.summary,
      target: figure.target ?? null,
      meetsTarget: rest.target,
      fractionOfRawSqlite: rest.fractionOfRaw,
      fractionOfFrameworkCeiling: rest.fractionOfCeiling,
      slowdownVsEmpty: rest.slowdown,
      withinScaleTarget: rest.scaleTarget,
    })),
  };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}
