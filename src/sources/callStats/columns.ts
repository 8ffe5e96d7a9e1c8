import { decimalFromNumber } from '../../lib/decimal.js';
import { planOf, type CellPlan } from './mapping.js';
import type { MetricSpec, ParsedBucket, ParsedUsageBucket } from './types.js';

/**
 * Buckets → columns (one list per value, entry `i` = bucket `i`). Plain arrays of numbers:
 * the executor serializes them without an object or a key per value.
 */

/** One requested value across the buckets; exact amounts are made only if selected. */
class MetricColumnOut {
  readonly metric: string;
  readonly aggregation: CellPlan['aggregation'];
  readonly percentile: number | null;
  readonly values: Array<number | null>;
  private readonly money: boolean;
  private made: Array<string | null> | null | undefined = undefined;

  constructor(plan: CellPlan, values: Array<number | null>) {
    this.metric = plan.metric;
    this.aggregation = plan.aggregation;
    this.percentile = plan.percentile;
    this.values = values;
    this.money = plan.money;
  }

  // Made once, like a bucket's metrics: the executor reads a list field more than once.
  get amounts(): Array<string | null> | null {
    if (this.made === undefined) this.made = this.money ? this.values.map((v) => (v === null ? null : decimalFromNumber(v))) : null;
    return this.made;
  }
}

export interface CallColumnsOut {
  start: number[];
  end: number[];
  count: number[];
  metrics: MetricColumnOut[];
}

export interface ModelColumnsOut {
  model: string;
  count: number[];
  metrics: MetricColumnOut[];
}

export interface UsageColumnsOut {
  start: number[];
  end: number[];
  models: ModelColumnsOut[];
}

/** Call buckets (dense, in time order) as columns. */
export function callColumnsOf(specs: readonly MetricSpec[], buckets: readonly ParsedBucket[]): CallColumnsOut {
  const n = buckets.length;
  const start = new Array<number>(n);
  const end = new Array<number>(n);
  const count = new Array<number>(n);
  const plan = planOf(specs);
  const values = plan.map(() => new Array<number | null>(n));
  for (let i = 0; i < n; i++) {
    const b = buckets[i]!;
    start[i] = b.start;
    end[i] = b.end;
    count[i] = b.count;
    for (let j = 0; j < plan.length; j++) values[j]![i] = b.cells.get(plan[j]!.key) ?? null;
  }
  return { start, end, count, metrics: plan.map((p, j) => new MetricColumnOut(p, values[j]!)) };
}

/**
 * Usage buckets (one row per bucket and model) as one time axis plus a series per model. The
 * axis is every start any row has, sorted, so a model missing from a bucket gets 0 calls and
 * null values there instead of shifting its series.
 */
export function usageColumnsOf(specs: readonly MetricSpec[], buckets: readonly ParsedUsageBucket[], granularityMs: number, model: string | null): UsageColumnsOut {
  const starts = [...new Set(buckets.map((b) => b.start))].sort((a, b) => a - b);
  const index = new Map<number, number>();
  for (let i = 0; i < starts.length; i++) index.set(starts[i]!, i);
  const n = starts.length;
  const plan = planOf(specs);
  const series = new Map<string, { count: number[]; values: Array<Array<number | null>> }>();
  for (const b of buckets) {
    if (model !== null && b.model !== model) continue;
    let s = series.get(b.model);
    if (!s) {
      s = { count: new Array<number>(n).fill(0), values: plan.map(() => new Array<number | null>(n).fill(null)) };
      series.set(b.model, s);
    }
    const i = index.get(b.start)!;
    s.count[i] = b.count;
    for (let j = 0; j < plan.length; j++) s.values[j]![i] = b.cells.get(plan[j]!.key) ?? null;
  }
  const models = [...series.keys()].sort().map((m) => {
    const s = series.get(m)!;
    return { model: m, count: s.count, metrics: plan.map((p, j) => new MetricColumnOut(p, s.values[j]!)) };
  });
  return { start: starts, end: starts.map((t) => t + granularityMs), models };
}
