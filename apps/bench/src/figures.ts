/** One measured quantity of one pass (empty store or stock on hand): every run's value, and how to judge it. */
export interface Figure {
  readonly key: string;
  readonly label: string;
  readonly unit: 's' | 'ms' | '/s' | 'MB' | 'x' | 'count';
  /** Which way is better; also decides how the on-hand pass is compared with the empty one. */
  readonly better: 'lower' | 'higher';
  readonly samples: number[];
  readonly target?: { readonly op: '<=' | '>='; readonly value: number };
  /**
   * For the "fraction of raw SQLite" column: the events the figure stands for (a time figure) or
   * nothing (a rate figure, already events/s), and which raw baseline it compares with.
   */
  readonly raw?: { readonly baseline: 'oneTx' | 'perTx'; readonly events?: number };
  /** A rate over HTTP with the bench's load settings: shown as a fraction of the framework ceiling. */
  readonly http?: boolean;
  /** Whether the on-hand pass must stay within 1.5x of the empty one (the target). */
  readonly scaleTarget?: boolean;
  readonly note?: string;
}

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export const SCALE_LIMIT = 1.5;

export function summarise(samples: readonly number[]): Summary {
  if (samples.length === 0) return { median: NaN, min: NaN, max: NaN, runs: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

export function meetsTarget(figure: Figure): boolean | null {
  if (!figure.target) return null;
  const { median } = summarise(figure.samples);
  return figure.target.op === '<=' ? median <= figure.target.value : median >= figure.target.value;
}

/** The service's rate divided by what plain better-sqlite3 managed on the same machine in this run. */
export function fractionOfRaw(figure: Figure, raw: { oneTx: number; perTx: number }): number | null {
  if (!figure.raw) return null;
  const { median } = summarise(figure.samples);
  const rate = figure.raw.events === undefined ? median : figure.raw.events / median;
  return rate / raw[figure.raw.baseline];
}

/** The key of the framework ceiling's figure in each pass (load-scenarios.ts). */
export const CEILING_KEY = 'ceiling';

/** An HTTP rate over the framework ceiling measured in the same pass of the same run. */
export function fractionOfCeiling(figure: Figure, ceiling: Figure | undefined): number | null {
  if (!figure.http || !ceiling) return null;
  return summarise(figure.samples).median / summarise(ceiling.samples).median;
}

/** How many times worse the on-hand pass is than the empty one (1 = the same, >1 = slower). */
export function slowdown(empty: Figure, loaded: Figure): number {
  const before = summarise(empty.samples).median;
  const after = summarise(loaded.samples).median;
  return empty.better === 'lower' ? after / before : before / after;
}

/** Collects the figures of one pass in the order they are measured. */
export class FigureSet {
  private readonly figures = new Map<string, Figure>();

  add(definition: Omit<Figure, 'samples'>, value: number): void {
    const existing = this.figures.get(definition.key);
    if (existing) existing.samples.push(value);
    else this.figures.set(definition.key, { ...definition, samples: [value] });
  }

  get(key: string): Figure | undefined {
    return this.figures.get(key);
  }

  all(): Figure[] {
    return [...this.figures.values()];
  }
}
