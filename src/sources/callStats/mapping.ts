import { upstreamContractError } from '../../errors.js';
import { parseDateTime } from '../../lib/dateTime.js';
import { decimalFromNumber } from '../../lib/decimal.js';
import { mapInChunks, type ChunkOptions } from '../../lib/mapInChunks.js';
import {
  AGGREGATIONS,
  CALL_METRICS,
  COST_METRICS,
  USAGE_METRICS,
  type CallStatsResponseBody,
  type CellReader,
  type CallStatsResult,
  type MetricName,
  type MetricSpec,
  type ParsedBucket,
  type ParsedUsageBucket,
} from './types.js';

/** Pure: call-stats JSON → buckets with start/end and typed cells; cells → MetricValue lists. */

// Longest first, so a name that ends another (none today) can never steal its key.
const KNOWN_METRICS: readonly MetricName[] = [...USAGE_METRICS, ...CALL_METRICS].sort((a, b) => b.length - a.length);
// `p95`, `p99.9`; also exponent form (`p1e-05`), which is how Python's repr writes small floats.
const PERCENTILE_PREFIX = /^p(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)$/;
const AGG_PREFIXES: ReadonlySet<string> = new Set(AGGREGATIONS);

/** The cell key of a percentile: `p` + the number written the way JS writes it (95 → "p95", 99.9 → "p99.9"). */
const contract = (what: string) => upstreamContractError('CALL_STATS', what);

export function percentileKey(p: number, metric: MetricName): string {
  return `p${String(p)}_${metric}`;
}

/**
 * Splits a prefix-style key (`sum_input_tokens`, `p99.9_latency_ms`) by matching the known
 * metric names as suffixes; the rest must be an aggregation or `p<number>`. Undefined for any
 * other key (tolerated and ignored: upstreams add fields).
 */
export function parseMetricKey(key: string): string | undefined {
  // Every bucket repeats the same few keys: remember the answers (bounded: keys are upstream text).
  const known = metricKeyCache.get(key);
  if (known !== undefined) return known ?? undefined;
  const parsed = parseMetricKeyUncached(key);
  if (metricKeyCache.size < 4096) metricKeyCache.set(key, parsed ?? null);
  return parsed;
}

const metricKeyCache = new Map<string, string | null>();

function parseMetricKeyUncached(key: string): string | undefined {
  for (const metric of KNOWN_METRICS) {
    if (key.length <= metric.length + 1 || !key.endsWith(`_${metric}`)) continue;
    const prefix = key.slice(0, key.length - metric.length - 1);
    if (AGG_PREFIXES.has(prefix)) return `${prefix}_${metric}`;
    const m = PERCENTILE_PREFIX.exec(prefix);
    if (m) {
      const p = Number(m[1]);
      return p <= 100 ? percentileKey(p, metric) : undefined;
    }
    return undefined;
  }
  return undefined;
}

/** A bucket timestamp: RFC 3339 with Z or an offset; a naive one (no offset) is UTC. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  // Most upstream timestamps are already RFC 3339: one parse, no normalizing copies.
  const direct = parseDateTime(value);
  if (direct !== undefined) return direct;
  const text = value.trim().replace(' ', 'T');
  const withZone = /([Zz]|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`;
  return parseDateTime(withZone);
}

function bucketOf(raw: unknown, granularityMs: number, what: 'call bucket'): ParsedBucket;
function bucketOf(raw: unknown, granularityMs: number, what: 'usage bucket'): ParsedUsageBucket;
/** One bucket object; the usage kind also has its model. Built directly: no rest or spread copies per bucket. */
function bucketOf(raw: unknown, granularityMs: number, what: 'call bucket' | 'usage bucket'): ParsedBucket | ParsedUsageBucket {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw contract(`a ${what} is not an object`);
  const row = raw as Record<string, unknown>;
  const start = parseTimestamp(row.timestamp);
  if (start === undefined) throw contract(`a ${what} has no valid timestamp`);
  const count = row.count ?? 0;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) throw contract(`a ${what}'s count is not a non-negative integer`);
  // for-in over a parsed JSON object (own keys only): no entry arrays per bucket.
  let canonical = true;
  for (const key in row) {
    if (key === 'timestamp' || key === 'model' || key === 'count') continue;
    const value = row[key];
    const cell = parseMetricKey(key);
    if (cell === undefined) continue;
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) throw contract(`${key} is not a number or null`);
    if (cell !== key) canonical = false;
  }
  // The upstream writes its keys the canonical way: read the cells off the parsed row itself
  // (no Map per bucket). Lookups use canonical cell keys only, never timestamp/model/count.
  const cells = canonical ? new RowCells(row) : normalizedCells(row);
  if (what === 'call bucket') return { start, end: start + granularityMs, count, cells };
  const model = row.model;
  if (typeof model !== 'string') throw contract('a usage bucket has no model');
  return { start, end: start + granularityMs, count, cells, model };
}

/** A bucket's cells read straight from its (validated) upstream row. */
class RowCells implements CellReader {
  constructor(private readonly row: Readonly<Record<string, unknown>>) {}

  get(key: string): number | null | undefined {
    return this.row[key] as number | null | undefined;
  }
}

/** The cells of a row with keys written another way (`p95.0_latency_ms`), under canonical keys. */
function normalizedCells(row: Readonly<Record<string, unknown>>): CellReader {
  const cells = new Map<string, number | null>();
  for (const key in row) {
    if (key === 'timestamp' || key === 'model' || key === 'count') continue;
    const cell = parseMetricKey(key);
    if (cell !== undefined) cells.set(cell, row[key] as number | null);
  }
  return cells;
}

function list(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw contract(`${what} is not a list`);
  return value;
}

interface BodyHeader {
  start: number;
  end: number;
  granularity: number;
  timezone: string;
  ms: number;
  calls: unknown[];
  usage: unknown[];
}

function headerOf(body: CallStatsResponseBody, asked: { start: number; end: number; timezone: string }): BodyHeader {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw contract('the body is not an object');
  const granularity = body.granularity;
  if (typeof granularity !== 'number' || !Number.isSafeInteger(granularity) || granularity < 1) throw contract('granularity is not a positive integer');
  const ms = granularity * 1000;
  const start = body.start === undefined ? asked.start : parseTimestamp(body.start);
  const end = body.end === undefined || body.end === null ? asked.end : parseTimestamp(body.end);
  if (start === undefined || end === undefined) throw contract('start or end is not a valid date-time');
  const timezone = typeof body.timezone === 'string' ? body.timezone : asked.timezone;
  return { start, end, granularity, timezone, ms, calls: list(body.call_buckets, 'call_buckets'), usage: list(body.usage_buckets, 'usage_buckets') };
}

const callBucketOf = (ms: number) => (b: unknown): ParsedBucket => bucketOf(b, ms, 'call bucket');

const usageBucketOf = (ms: number) => (b: unknown): ParsedUsageBucket => bucketOf(b, ms, 'usage bucket');

/** Validates and parses a success body. The response's granularity is the truth for bucket ends. */
export function toCallStatsResult(body: CallStatsResponseBody, asked: { start: number; end: number; timezone: string }): CallStatsResult {
  const { start, end, granularity, timezone, ms, calls, usage } = headerOf(body, asked);
  return { start, end, granularity, timezone, callBuckets: calls.map(callBucketOf(ms)), usageBuckets: usage.map(usageBucketOf(ms)) };
}

/**
 * `toCallStatsResult` for the serving path: a big answer (up to 10,000 buckets per list) is
 * parsed in chunks that give the event loop a turn in between, and the work stops once the
 * caller has gone or the deadline has passed (see mapInChunks).
 */
export async function toCallStatsResultInChunks(
  body: CallStatsResponseBody,
  asked: { start: number; end: number; timezone: string },
  options: ChunkOptions = {},
): Promise<CallStatsResult> {
  const { start, end, granularity, timezone, ms, calls, usage } = headerOf(body, asked);
  const callBuckets = await mapInChunks(calls, callBucketOf(ms), options);
  const usageBuckets = await mapInChunks(usage, usageBucketOf(ms), options);
  return { start, end, granularity, timezone, callBuckets, usageBuckets };
}

/** A MetricValue as the schema serves it. */
export interface MetricValueOut {
  metric: string;
  aggregation: 'SUM' | 'AVG' | 'MIN' | 'MAX' | 'COUNT' | null;
  percentile: number | null;
  value: number | null;
  amount: string | null;
}

/**
 * The cells one field asked for, in its canonical order (metric, then aggregations, then
 * percentiles). A missing cell is null (unknown), like an empty bucket's min/max/percentile.
 * Cost metrics carry `amount` too, except for COUNT (a number of calls, not money).
 */
export function toMetricValues(specs: readonly MetricSpec[], cells: CellReader): MetricValueOut[] {
  const plan = planOf(specs);
  const out: MetricValueOut[] = new Array(plan.length);
  for (let i = 0; i < plan.length; i++) {
    const c = plan[i]!;
    const value = cells.get(c.key) ?? null;
    out[i] = { metric: c.metric, aggregation: c.aggregation, percentile: c.percentile, value, amount: c.money && value !== null ? decimalFromNumber(value) : null };
  }
  return out;
}

/** One requested cell: its key in a bucket and the constant fields of its MetricValue. */
export interface CellPlan {
  key: string;
  metric: string;
  aggregation: MetricValueOut['aggregation'];
  percentile: number | null;
  money: boolean;
}

// The same specs serve every bucket of a field: their cell plan is made once per specs array.
const plans = new WeakMap<readonly MetricSpec[], CellPlan[]>();

export function planOf(specs: readonly MetricSpec[]): CellPlan[] {
  let plan = plans.get(specs);
  if (plan) return plan;
  plan = [];
  for (const s of specs) {
    const metric = s.metric.toUpperCase();
    const cost = COST_METRICS.has(s.metric);
    for (const a of s.aggregations) {
      plan.push({ key: `${a}_${s.metric}`, metric, aggregation: a.toUpperCase() as MetricValueOut['aggregation'], percentile: null, money: cost && a !== 'count' });
    }
    for (const p of s.percentiles) plan.push({ key: percentileKey(p, s.metric), metric, aggregation: null, percentile: p, money: cost });
  }
  plans.set(specs, plan);
  return plan;
}
