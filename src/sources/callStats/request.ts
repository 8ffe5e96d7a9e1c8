import { badUserInput } from '../../errors.js';
import { formatDateTime } from '../../lib/dateTime.js';
import { resolveTimeRange, type RangeClock, type TimeRangeInput } from '../../lib/timeRange.js';
import {
  AGGREGATIONS,
  CALL_METRICS,
  USAGE_METRICS,
  type AggregationName,
  type CallStatsBody,
  type CallStatsRequest,
  type MetricName,
  type MetricSpec,
  type UpstreamFilter,
} from './types.js';

/**
 * Pure translation of `callStats` arguments into a canonical upstream request. Every caller
 * mistake the upstream would refuse is BAD_USER_INPUT here, before any call.
 */

/** The upstream refuses ranges over 31 days (422); we refuse them first, in our terms. */
export const MAX_RANGE_MS = 31 * 86_400_000;
const MAX_PERCENTILES = 20;
const MAX_FILTER_VALUES = 1000;

export interface MetricInput {
  metric: string;
  aggregations?: readonly string[] | null;
  percentiles?: readonly number[] | null;
}

export interface CallFilterInput {
  opNames?: readonly string[] | null;
  inputRefs?: readonly string[] | null;
  outputRefs?: readonly string[] | null;
  parentIds?: readonly string[] | null;
  traceIds?: readonly string[] | null;
  callIds?: readonly string[] | null;
  threadIds?: readonly string[] | null;
  turnIds?: readonly string[] | null;
  traceRootsOnly?: boolean | null;
  wbUserIds?: readonly string[] | null;
  wbRunIds?: readonly string[] | null;
}

/** The `callStats` field's arguments as the schema delivers them (DateTime as epoch ms). */
export interface CallStatsArgs {
  projectId: string;
  range: TimeRangeInput;
  granularity?: number | null;
  timezone?: string | null;
  usageMetrics?: readonly MetricInput[] | null;
  callMetrics?: readonly MetricInput[] | null;
  filter?: CallFilterInput | null;
}

const FILTER_LISTS = [
  ['opNames', 'op_names'],
  ['inputRefs', 'input_refs'],
  ['outputRefs', 'output_refs'],
  ['parentIds', 'parent_ids'],
  ['traceIds', 'trace_ids'],
  ['callIds', 'call_ids'],
  ['threadIds', 'thread_ids'],
  ['turnIds', 'turn_ids'],
  ['wbUserIds', 'wb_user_ids'],
  ['wbRunIds', 'wb_run_ids'],
] as const;

// "entity/project": two non-empty parts without whitespace or further slashes.
const PROJECT_ID = /^[^\s/]{1,128}\/[^\s/]{1,128}$/;
// IANA names are case-sensitive upstream (zoneinfo): each part starts upper-case ("America/New_York", "Etc/GMT+5", "UTC").
const IANA_SHAPE = /^[A-Z][A-Za-z0-9_+-]*(\/[A-Z0-9][A-Za-z0-9_+-]*){0,2}$/;

/** Whether `name` is an IANA time zone this runtime knows, spelled as the tz database spells it. */
export function isIanaTimeZone(name: string): boolean {
  if (KNOWN_ZONES.has(name)) return true;
  if (name.length > 64 || !IANA_SHAPE.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
  } catch {
    return false;
  }
  // Constructing a formatter per request was ~1.5% of a cost report's CPU; the tz database has
  // ~600 names, so remembering the valid ones is bounded.
  if (KNOWN_ZONES.size < 1024) KNOWN_ZONES.add(name);
  return true;
}

const KNOWN_ZONES = new Set<string>();

function resolvedZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function validTimeZone(value: string | null | undefined): string {
  if (value === null || value === undefined) return 'UTC';
  if (isIanaTimeZone(value)) return value;
  const hint = resolvedZone(value);
  throw badUserInput(
    `\`timezone\` must be an IANA time zone name such as "UTC" or "America/New_York", but got ${JSON.stringify(value.slice(0, 64))}` +
      (hint ? ` (did you mean "${hint}"?).` : '.'),
  );
}

function metricSpecs(
  argName: string,
  inputs: readonly MetricInput[] | null | undefined,
  known: readonly MetricName[],
): MetricSpec[] {
  // Several entries for one metric are merged: the upstream computes each key once anyway.
  const byMetric = new Map<MetricName, { aggregations: Set<AggregationName>; percentiles: Set<number> }>();
  for (const [i, input] of (inputs ?? []).entries()) {
    const metric = input.metric.toLowerCase() as MetricName;
    if (!known.includes(metric)) throw badUserInput(`\`${argName}[${i}].metric\` is not a known metric: ${JSON.stringify(input.metric)}.`);
    const aggregations = input.aggregations ?? ['SUM'];
    const percentiles = input.percentiles ?? [];
    if (aggregations.length === 0 && percentiles.length === 0) {
      throw badUserInput(`\`${argName}[${i}]\` asks for nothing: give at least one aggregation or percentile (aggregations default to [SUM]).`);
    }
    if (percentiles.length > MAX_PERCENTILES) {
      throw badUserInput(`\`${argName}[${i}].percentiles\` has ${percentiles.length} entries; at most ${MAX_PERCENTILES} are allowed.`);
    }
    for (const p of percentiles) {
      if (!Number.isFinite(p) || p < 0 || p > 100) {
        throw badUserInput(`\`${argName}[${i}].percentiles\` must be numbers from 0 to 100, but got ${p}.`);
      }
    }
    let entry = byMetric.get(metric);
    if (!entry) byMetric.set(metric, (entry = { aggregations: new Set(), percentiles: new Set() }));
    for (const a of aggregations) {
      const name = a.toLowerCase() as AggregationName;
      if (!AGGREGATIONS.includes(name)) throw badUserInput(`\`${argName}[${i}].aggregations\` has an unknown aggregation: ${JSON.stringify(a)}.`);
      entry.aggregations.add(name);
    }
    // -0 and 0 are one percentile.
    for (const p of percentiles) entry.percentiles.add(p === 0 ? 0 : p);
  }
  return [...byMetric.entries()]
    .sort(([a], [b]) => known.indexOf(a) - known.indexOf(b))
    .map(([metric, e]) => ({
      metric,
      aggregations: AGGREGATIONS.filter((a) => e.aggregations.has(a)),
      percentiles: [...e.percentiles].sort((a, b) => a - b),
    }));
}

function upstreamFilter(filter: CallFilterInput | null | undefined): UpstreamFilter | null {
  if (!filter) return null;
  const out: UpstreamFilter = {};
  for (const [ours, theirs] of FILTER_LISTS) {
    const list = filter[ours];
    if (list === null || list === undefined) continue;
    if (list.length > MAX_FILTER_VALUES) throw badUserInput(`\`filter.${ours}\` has ${list.length} values; at most ${MAX_FILTER_VALUES} are allowed.`);
    // Order and repeats do not change the set of matching calls: sort for a canonical body.
    out[theirs] = [...new Set(list)].sort();
  }
  if (filter.traceRootsOnly !== null && filter.traceRootsOnly !== undefined) out.trace_roots_only = filter.traceRootsOnly;
  return Object.keys(out).length > 0 ? out : null;
}

/** Validates `callStats` arguments and builds the canonical request; `now` resolves an open range end. */
export function toCallStatsRequest(args: CallStatsArgs, now: RangeClock): CallStatsRequest {
  if (typeof args.projectId !== 'string' || !PROJECT_ID.test(args.projectId)) {
    throw badUserInput(`\`projectId\` must look like "entity/project", but got ${JSON.stringify(String(args.projectId).slice(0, 60))}.`);
  }
  const range = resolveTimeRange(args.range, now);
  if (range.end - range.start > MAX_RANGE_MS) {
    throw badUserInput('`range` spans more than 31 days, the most call-stats answers in one request; split it into shorter ranges.');
  }
  const granularity = args.granularity ?? null;
  if (granularity !== null && (!Number.isSafeInteger(granularity) || granularity < 1)) {
    throw badUserInput(`\`granularity\` must be a whole number of seconds, at least 1, but got ${granularity}.`);
  }
  const timezone = validTimeZone(args.timezone);
  const usage = metricSpecs('usageMetrics', args.usageMetrics, USAGE_METRICS);
  const call = metricSpecs('callMetrics', args.callMetrics, CALL_METRICS);
  if (usage.length === 0 && call.length === 0) {
    throw badUserInput('Ask for at least one metric in `usageMetrics` or `callMetrics`.');
  }
  return { projectId: args.projectId, start: range.start, end: range.end, granularity, timezone, usage, call, filter: upstreamFilter(args.filter) };
}

/** The JSON body of a request. Empty metric lists are left out (the upstream answers `[]` for them). */
export function toUpstreamBody(r: CallStatsRequest): CallStatsBody {
  const body: CallStatsBody = { project_id: r.projectId, start: formatDateTime(r.start), end: formatDateTime(r.end), timezone: r.timezone };
  if (r.granularity !== null) body.granularity = r.granularity;
  if (r.usage.length > 0) body.usage_metrics = r.usage;
  if (r.call.length > 0) body.call_metrics = r.call;
  if (r.filter) body.filter = r.filter;
  return body;
}

/** The canonical key of a request: its exact upstream body. */
export function requestKey(r: CallStatsRequest): string {
  return JSON.stringify(toUpstreamBody(r));
}

/**
 * Requests that differ only in their metrics share this key and can be answered by one call
 * asking for the union: the bucket grid depends only on range, granularity and timezone (the
 * automatic granularity and the 10,000-bucket cap depend on the range alone), bucket and model
 * membership only on the calls the filter selects, and each metric key is computed on its own.
 */
export function mergeKey(r: CallStatsRequest): string {
  return JSON.stringify([r.projectId, r.start, r.end, r.granularity, r.timezone, r.filter]);
}

function unionSpecs(lists: MetricSpec[][], order: readonly MetricName[]): MetricSpec[] {
  const byMetric = new Map<MetricName, { a: Set<AggregationName>; p: Set<number> }>();
  for (const list of lists) {
    for (const s of list) {
      let e = byMetric.get(s.metric);
      if (!e) byMetric.set(s.metric, (e = { a: new Set(), p: new Set() }));
      s.aggregations.forEach((a) => e.a.add(a));
      s.percentiles.forEach((p) => e.p.add(p));
    }
  }
  return [...byMetric.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([metric, e]) => ({ metric, aggregations: AGGREGATIONS.filter((a) => e.a.has(a)), percentiles: [...e.p].sort((x, y) => x - y) }));
}

/** One request asking for every metric of `requests` (all with the same mergeKey). */
export function mergeRequests(requests: readonly CallStatsRequest[]): CallStatsRequest {
  const first = requests[0]!;
  if (requests.length === 1) return first;
  return {
    ...first,
    usage: unionSpecs(requests.map((r) => r.usage), USAGE_METRICS),
    call: unionSpecs(requests.map((r) => r.call), CALL_METRICS),
  };
}
