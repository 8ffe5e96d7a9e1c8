import { DEMO_MODELS, DEMO_PROJECTS, eventsBetween, type DemoEvent } from './eventLog.js';
import { startSimulatorServer, type SimRequest, type SimResponse, type SimulatorServer } from './startSimulatorServer.js';

/**
 * call-stats `POST /calls/stats` as its published contract defines it: Basic auth with user `api`, a strict
 * body (unknown keys → 422 with a pydantic-style `detail` list), automatic granularity tiers
 * and the 10,000-bucket cap, dense epoch-aligned buckets from the one containing `start`,
 * one usage row per (bucket, model) for every model seen in the range, prefix-style keys and
 * the pinned empty cells (0 for sum/avg/count, null for min/max/percentiles).
 */
export interface CallStatsSimulatorOptions {
  /** Listen on this port (default: an ephemeral one). */
  port?: number;
  /** Accepted API keys (`Authorization: Basic base64("api:<key>")`). Default: the demo key. */
  apiKeys?: readonly string[];
  /** Known projects (`entity/project`). Default: every demo project's `callStatsProject`. */
  projects?: readonly string[];
  /** Clock: calls after `now()` have not happened yet, and `end` defaults to it. */
  now?: () => number;
  latencyMs?: number;
  log?: boolean;
  /** Zones this server's tz database lacks although Node's has them (an older or newer tzdata): 400 Unknown timezone. */
  unknownZones?: readonly string[];
}

export const CALL_STATS_DEMO_KEY = 'demo-call-stats-key';

/** Credentials the demo gateway uses against this simulator. */
export const CALL_STATS_DEMO_CONFIG = { apiKey: CALL_STATS_DEMO_KEY } as const;

const USAGE = ['input_tokens', 'output_tokens', 'total_tokens', 'input_cost', 'output_cost', 'total_cost'] as const;
const CALL = ['latency_ms', 'call_count', 'error_count'] as const;
const AGGS = ['sum', 'avg', 'min', 'max', 'count'] as const;
const TOP_KEYS = new Set(['project_id', 'start', 'end', 'granularity', 'usage_metrics', 'call_metrics', 'filter', 'timezone']);
const METRIC_KEYS = new Set(['metric', 'aggregations', 'percentiles']);
const FILTER_LISTS = new Set(['op_names', 'input_refs', 'output_refs', 'parent_ids', 'trace_ids', 'call_ids', 'thread_ids', 'turn_ids', 'wb_user_ids', 'wb_run_ids']);
const MAX_RANGE_S = 31 * 86_400;
const MAX_BUCKETS = 10_000;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const COST_RATE = new Map(DEMO_MODELS.map((m) => [m.name, m]));

interface Spec { metric: string; aggregations: string[]; percentiles: number[] }
interface Detail { loc: Array<string | number>; msg: string; type: string }

// Every number a metric takes for one call. Costs are integers in 1e-8 USD so sums are exact;
// dividing by `unitsPerValue` turns them back into USD at the end (division, not a 1e-8
// product, so an exact sum lands on the double nearest its decimal).
function valueOf(metric: string, e: DemoEvent): number {
  const m = COST_RATE.get(e.model)!;
  switch (metric) {
    case 'input_tokens': return e.inputTokens;
    case 'output_tokens': return e.outputTokens;
    case 'total_tokens': return e.inputTokens + e.outputTokens;
    case 'input_cost': return Math.round(e.inputTokens * m.inputPerMTok * 100);
    case 'output_cost': return Math.round(e.outputTokens * m.outputPerMTok * 100);
    case 'total_cost': return e.costE8;
    case 'latency_ms': return e.latencyMs;
    case 'call_count': return 1;
    default: return e.error ? 1 : 0; // error_count
  }
}
const unitsPerValue = (metric: string) => (metric.endsWith('_cost') ? 1e8 : 1);

/** Linear interpolation between closest ranks (numpy's default). */
function percentile(sorted: number[], p: number): number {
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

function cells(specs: Spec[], events: DemoEvent[], out: Record<string, unknown>): void {
  for (const s of specs) {
    const values = events.map((e) => valueOf(s.metric, e));
    const k = unitsPerValue(s.metric);
    const sum = values.reduce((a, b) => a + b, 0);
    for (const a of s.aggregations) {
      const key = `${a}_${s.metric}`;
      if (a === 'count') out[key] = values.length;
      else if (a === 'sum') out[key] = sum / k;
      else if (a === 'avg') out[key] = values.length ? sum / values.length / k : 0;
      else if (values.length === 0) out[key] = null;
      else out[key] = (a === 'min' ? Math.min(...values) : Math.max(...values)) / k;
    }
    if (s.percentiles.length > 0) {
      const sorted = [...values].sort((x, y) => x - y);
      // The percentile is written the way JSON writes the number: 95 → "p95", 99.9 → "p99.9".
      for (const p of s.percentiles) out[`p${String(p)}_${s.metric}`] = sorted.length ? percentile(sorted, p) / k : null;
    }
  }
}

function parseInstant(text: unknown): number | undefined {
  if (typeof text !== 'string' || !ISO.test(text)) return undefined;
  const t = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`); // naive = UTC
  return Number.isNaN(t) ? undefined : t;
}

function knownZone(tz: string): boolean {
  // zoneinfo is case-sensitive: "utc" or "america/new_york" are unknown there.
  if (!/^[A-Z][A-Za-z0-9_+-]*(\/[A-Z0-9][A-Za-z0-9_+-]*)*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DDTHH:MM:SS` + `Z` for UTC, else the zone's wall time with its offset at that instant. */
function timestampFormatter(tz: string): (t: number) => string {
  const wall = (t: number) => {
    const d = new Date(t);
    return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  };
  if (tz === 'UTC') return (t) => `${wall(t)}Z`;
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' });
  return (t) => {
    const name = fmt.formatToParts(t).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    const offsetMin = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
    const sign = offsetMin < 0 ? '-' : '+';
    const abs = Math.abs(offsetMin);
    return `${wall(t + offsetMin * 60_000)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  };
}

function autoGranularity(rangeS: number): number {
  if (rangeS <= 2 * 3600) return 300;
  if (rangeS <= 12 * 3600) return 3600;
  if (rangeS <= 3 * 86_400) return 21_600;
  if (rangeS <= 14 * 86_400) return 43_200;
  return 86_400;
}

function specsOf(raw: unknown, field: string, metrics: readonly string[], details: Detail[]): Spec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    details.push({ loc: ['body', field], msg: 'Input should be a valid list', type: 'list_type' });
    return [];
  }
  return raw.map((m: unknown, i) => {
    const loc = ['body', field, i];
    if (typeof m !== 'object' || m === null || Array.isArray(m)) {
      details.push({ loc, msg: 'Input should be a valid dictionary', type: 'dict_type' });
      return { metric: '', aggregations: [], percentiles: [] };
    }
    const o = m as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!METRIC_KEYS.has(k)) details.push({ loc: [...loc, k], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
    if (typeof o.metric !== 'string' || !metrics.includes(o.metric)) {
      details.push({ loc: [...loc, 'metric'], msg: `Input should be ${metrics.map((x) => `'${x}'`).join(', ')}`, type: 'enum' });
    }
    const aggregations = o.aggregations ?? ['sum'];
    if (!Array.isArray(aggregations) || aggregations.some((a) => !(AGGS as readonly unknown[]).includes(a))) {
      details.push({ loc: [...loc, 'aggregations'], msg: `Input should be ${AGGS.map((x) => `'${x}'`).join(', ')}`, type: 'enum' });
    }
    const percentiles = o.percentiles ?? [];
    if (!Array.isArray(percentiles) || percentiles.some((p) => typeof p !== 'number' || !Number.isFinite(p))) {
      details.push({ loc: [...loc, 'percentiles'], msg: 'Input should be a valid list of numbers', type: 'list_type' });
    }
    return { metric: String(o.metric), aggregations: aggregations as string[], percentiles: percentiles as number[] };
  });
}

function filterOf(raw: unknown, details: Detail[]): (e: DemoEvent) => boolean {
  if (raw === undefined || raw === null) return () => true;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    details.push({ loc: ['body', 'filter'], msg: 'Input should be a valid dictionary', type: 'dict_type' });
    return () => true;
  }
  const f = raw as Record<string, unknown>;
  const tests: Array<(e: DemoEvent) => boolean> = [];
  for (const [k, v] of Object.entries(f)) {
    const loc = ['body', 'filter', k];
    if (k === 'trace_roots_only') {
      if (typeof v !== 'boolean' && v !== null) details.push({ loc, msg: 'Input should be a valid boolean', type: 'bool_type' });
      continue; // every demo call is a trace root
    }
    if (!FILTER_LISTS.has(k)) {
      details.push({ loc, msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
      continue;
    }
    if (v === null) continue;
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
      details.push({ loc, msg: 'Input should be a valid list of strings', type: 'list_type' });
      continue;
    }
    const set = new Set(v as string[]);
    // Demo calls carry an op name, a user and a session (thread); they have no other ids, so
    // any other id list matches nothing.
    if (k === 'op_names') tests.push((e) => set.has(e.opName));
    else if (k === 'wb_user_ids') tests.push((e) => set.has(e.user.username));
    else if (k === 'thread_ids') tests.push((e) => set.has(e.sessionId));
    else tests.push(() => false);
  }
  return (e) => tests.every((t) => t(e));
}

/** The request handler alone (mounted by startCallStatsSimulator). */
export function createCallStatsHandler(options: CallStatsSimulatorOptions = {}) {
  const keys = new Set(options.apiKeys ?? [CALL_STATS_DEMO_KEY]);
  const projects = new Set(options.projects ?? DEMO_PROJECTS.map((p) => p.callStatsProject));
  const now = options.now ?? Date.now;

  return (req: SimRequest): SimResponse => {
    if (req.path !== '/calls/stats') return { status: 404, body: { reason: 'Not Found' } };
    if (req.method !== 'POST') return { status: 405, body: { reason: 'Method Not Allowed' } };
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Basic ')) return { status: 401, body: { reason: 'Missing or malformed Authorization header' } };
    const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0 || decoded.slice(0, colon) !== 'api' || !keys.has(decoded.slice(colon + 1))) {
      return { status: 401, body: { reason: 'Invalid API key' } };
    }
    let body: unknown;
    try {
      body = JSON.parse(req.rawBody);
    } catch {
      return { status: 422, body: { detail: [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }] } };
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return { status: 422, body: { detail: [{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }] } };
    }
    const b = body as Record<string, unknown>;
    const details: Detail[] = [];
    for (const k of Object.keys(b)) if (!TOP_KEYS.has(k)) details.push({ loc: ['body', k], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
    if (typeof b.project_id !== 'string') details.push({ loc: ['body', 'project_id'], msg: 'Field required', type: 'missing' });
    const start = parseInstant(b.start);
    if (start === undefined) details.push({ loc: ['body', 'start'], msg: 'Input should be a valid datetime', type: 'datetime_parsing' });
    const end = b.end === undefined || b.end === null ? now() : parseInstant(b.end);
    if (end === undefined) details.push({ loc: ['body', 'end'], msg: 'Input should be a valid datetime', type: 'datetime_parsing' });
    const g = b.granularity;
    if (g !== undefined && g !== null && (typeof g !== 'number' || !Number.isInteger(g) || g < 1)) {
      details.push({ loc: ['body', 'granularity'], msg: 'Input should be a positive integer', type: 'greater_than' });
    }
    if (b.timezone !== undefined && typeof b.timezone !== 'string') details.push({ loc: ['body', 'timezone'], msg: 'Input should be a valid string', type: 'string_type' });
    const usage = specsOf(b.usage_metrics, 'usage_metrics', USAGE, details);
    const call = specsOf(b.call_metrics, 'call_metrics', CALL, details);
    const keep = filterOf(b.filter, details);
    if (details.length > 0) return { status: 422, body: { detail: details } };
    if (end! < start!) return { status: 422, body: { detail: [{ loc: ['body'], msg: 'Value error, end must not be before start', type: 'value_error' }] } };
    const rangeS = (end! - start!) / 1000;
    if (rangeS > MAX_RANGE_S) return { status: 422, body: { detail: [{ loc: ['body'], msg: 'Value error, the time range may not exceed 31 days', type: 'value_error' }] } };
    if ([...usage, ...call].some((s) => s.percentiles.some((p) => p < 0 || p > 100))) {
      return { status: 400, body: { reason: 'Percentiles must be between 0 and 100' } };
    }
    const timezone = (b.timezone as string | undefined) ?? 'UTC';
    if (!knownZone(timezone) || options.unknownZones?.includes(timezone)) return { status: 400, body: { reason: `Unknown timezone: ${timezone}` } };
    if (!projects.has(b.project_id as string)) return { status: 404, body: { reason: `Project ${b.project_id as string} not found` } };

    let granularity = typeof g === 'number' ? g : autoGranularity(rangeS);
    if (rangeS / granularity > MAX_BUCKETS) granularity = Math.floor(rangeS / MAX_BUCKETS) + 1;
    const gMs = granularity * 1000;
    const first = Math.floor(start! / gMs) * gMs;
    const stamps: number[] = [];
    for (let t = first; t < end!; t += gMs) stamps.push(t);

    const events = eventsBetween(start!, end!, now()).filter((e) => e.project.callStatsProject === b.project_id && keep(e));
    const perBucket: DemoEvent[][] = stamps.map(() => []);
    for (const e of events) perBucket[Math.floor((e.ts - first) / gMs)]?.push(e);
    const stamp = timestampFormatter(timezone);

    const callBuckets = call.length === 0 ? [] : stamps.map((t, i) => {
      const row: Record<string, unknown> = { timestamp: stamp(t), count: perBucket[i]!.length };
      cells(call, perBucket[i]!, row);
      return row;
    });
    const models = [...new Set(events.map((e) => e.model))].sort();
    const usageBuckets = usage.length === 0 ? [] : stamps.flatMap((t, i) =>
      models.map((model) => {
        const mine = perBucket[i]!.filter((e) => e.model === model);
        const row: Record<string, unknown> = { timestamp: stamp(t), model, count: mine.length };
        cells(usage, mine, row);
        return row;
      }),
    );
    const utc = timestampFormatter('UTC');
    return {
      status: 200,
      body: { start: utc(start!), end: utc(end!), granularity, timezone, usage_buckets: usageBuckets, call_buckets: callBuckets },
    };
  };
}

/** Starts the call-stats simulator on 127.0.0.1 (ephemeral port). */
export function startCallStatsSimulator(options: CallStatsSimulatorOptions = {}): Promise<SimulatorServer> {
  return startSimulatorServer({ handler: createCallStatsHandler(options), latencyMs: options.latencyMs, log: options.log, port: options.port });
}
