/** Wire shapes of call-stats `POST /calls/stats` and the gateway's request model. */

/** Upstream metric names (the enum values lower-cased). */
export const USAGE_METRICS = ['input_tokens', 'output_tokens', 'total_tokens', 'input_cost', 'output_cost', 'total_cost'] as const;
export const CALL_METRICS = ['latency_ms', 'call_count', 'error_count'] as const;
export const AGGREGATIONS = ['sum', 'avg', 'min', 'max', 'count'] as const;

export type UsageMetricName = (typeof USAGE_METRICS)[number];
export type CallMetricName = (typeof CALL_METRICS)[number];
export type MetricName = UsageMetricName | CallMetricName;
export type AggregationName = (typeof AGGREGATIONS)[number];

/** Metrics whose values are USD (also exposed as an exact Decimal). */
export const COST_METRICS: ReadonlySet<MetricName> = new Set(['input_cost', 'output_cost', 'total_cost']);

/** One entry of `usage_metrics` / `call_metrics`, canonical: aggregations and percentiles sorted, no duplicates. */
export interface MetricSpec {
  metric: MetricName;
  aggregations: AggregationName[];
  percentiles: number[];
}

/** The `filter` object, snake_case as the upstream wants it; only non-empty fields present. */
export interface UpstreamFilter {
  op_names?: string[];
  input_refs?: string[];
  output_refs?: string[];
  parent_ids?: string[];
  trace_ids?: string[];
  call_ids?: string[];
  thread_ids?: string[];
  turn_ids?: string[];
  trace_roots_only?: boolean;
  wb_user_ids?: string[];
  wb_run_ids?: string[];
}

/**
 * A validated, canonical call-stats request (instants as epoch ms). Two requests that would
 * send the same body have the same canonical key, whatever order the caller wrote things in.
 */
export interface CallStatsRequest {
  projectId: string;
  start: number;
  end: number;
  /** Seconds, or null for the upstream's automatic choice (which depends only on the range). */
  granularity: number | null;
  timezone: string;
  usage: MetricSpec[];
  call: MetricSpec[];
  filter: UpstreamFilter | null;
}

/** The JSON body sent upstream. */
export interface CallStatsBody {
  project_id: string;
  start: string;
  end: string;
  granularity?: number;
  timezone: string;
  usage_metrics?: MetricSpec[];
  call_metrics?: MetricSpec[];
  filter?: UpstreamFilter;
}

/** The success body; everything `unknown` until mapping validates it. */
export interface CallStatsResponseBody {
  start?: unknown;
  end?: unknown;
  granularity?: unknown;
  timezone?: unknown;
  usage_buckets?: unknown;
  call_buckets?: unknown;
}

/** Cell values by canonical key (`avg_latency_ms`, `p95_latency_ms`); undefined when absent. A Map is one. */
export interface CellReader {
  get(key: string): number | null | undefined;
}

/** A parsed bucket: its cells keyed `<prefix>_<metric>` with the prefix normalized (`p95`, `p99.9`). */
export interface ParsedBucket {
  start: number;
  end: number;
  count: number;
  cells: CellReader;
}

export interface ParsedUsageBucket extends ParsedBucket {
  model: string;
}

/** A parsed response: the upstream's resolved range, granularity and bucket lists. */
export interface CallStatsResult {
  start: number;
  end: number;
  granularity: number;
  timezone: string;
  callBuckets: ParsedBucket[];
  usageBuckets: ParsedUsageBucket[];
}

/**
 * What the `callStats` field resolves to: its scalar fields as plain properties (default
 * resolvers read them), the request it stands for and the upstream's answer.
 */
export interface CallStatsView {
  start: number;
  end: number;
  granularity: number;
  timezone: string;
  effectiveRange: { start: number; end: number };
  models: string[];
  request: CallStatsRequest;
  result: CallStatsResult;
  /** Cursor binding of the arguments as given (range end may be "now"). */
  binding: string;
}
