import { argsOf, rangeMs, sizeArg, UNKNOWN_LIST } from '../../limits/estimateHelpers.js';
import type { FieldEstimator } from '../SourceDefinition.js';
import { BUCKETS_DEFAULT_FIRST, MAX_UPSTREAM_BUCKETS } from './paging.js';

const HOUR_S = 3600;
const DAY_MS = 86_400_000;
/** Models per usage bucket when pricing before the call (the upstream does not say in advance). */
const MODELS_GUESS = 5;

/** Buckets the upstream will answer: range ÷ granularity (or its default for the range), at most 10,000. */
function buckets(args: Readonly<Record<string, unknown>>, now: number): number {
  const range = rangeMs(args.range, now, 31 * DAY_MS) / 1000;
  // The upstream's default granularity by range length.
  const auto = range <= 2 * HOUR_S ? 300 : range <= 12 * HOUR_S ? HOUR_S : range <= 3 * 24 * HOUR_S ? 6 * HOUR_S : range <= 14 * 24 * HOUR_S ? 12 * HOUR_S : 24 * HOUR_S;
  const granularity = sizeArg(args.granularity, auto) || auto;
  return Math.min(MAX_UPSTREAM_BUCKETS, Math.max(1, Math.ceil(range / granularity)));
}

/** Cells per bucket: each metric's aggregations (at least one) plus its percentiles. */
function metricCount(args: Readonly<Record<string, unknown>>): number {
  let n = 0;
  for (const list of [args.usageMetrics, args.callMetrics]) {
    if (!Array.isArray(list)) continue;
    for (const m of list as Array<{ aggregations?: unknown; percentiles?: unknown }>) {
      n += (Array.isArray(m?.aggregations) ? m.aggregations.length : 1) + (Array.isArray(m?.percentiles) ? m.percentiles.length : 0);
    }
  }
  return Math.max(1, n);
}

/** A column of the whole range: one entry per bucket (no paging). */
const column: FieldEstimator = (_args, ancestors, now) => {
  const stats = argsOf(ancestors, 'callStats');
  return stats ? buckets(stats, now) : MAX_UPSTREAM_BUCKETS;
};

/** A page of bucket rows: `perBucket` rows per bucket, at most `first`. */
const bucketList = (perBucket: number): FieldEstimator => (args, ancestors, now) =>
  Math.min(sizeArg(args.first, BUCKETS_DEFAULT_FIRST), column(args, ancestors, now) * perBucket);

const metrics: FieldEstimator = (_args, ancestors) => {
  const stats = argsOf(ancestors, 'callStats');
  return stats ? metricCount(stats) : UNKNOWN_LIST;
};

const models: FieldEstimator = () => MODELS_GUESS;

/** call-stats' list sizes, derived from the time range and the requested metrics. */
export const CALL_STATS_ESTIMATORS = {
  'CallStats.callBuckets': bucketList(1),
  'CallStats.usageBuckets': bucketList(MODELS_GUESS),
  'CallBucket.metrics': metrics,
  'UsageBucket.metrics': metrics,
  'CallColumns.start': column,
  'CallColumns.end': column,
  'CallColumns.count': column,
  'CallColumns.metrics': metrics,
  'UsageColumns.start': column,
  'UsageColumns.end': column,
  'UsageColumns.models': models,
  'ModelColumns.count': column,
  'ModelColumns.metrics': metrics,
  'MetricColumn.values': column,
  'MetricColumn.amounts': column,
} as const satisfies Record<string, FieldEstimator>;
