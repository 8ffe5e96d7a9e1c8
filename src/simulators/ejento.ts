import {
  DEMO_AGENTS, DEMO_CORPORA, DEMO_PROJECTS, DEMO_TEAMS, DEMO_USERS, eventsBetween, usdString5, type DemoEvent,
} from './eventLog.js';
import { startSimulatorServer, type SimRequest, type SimResponse, type SimulatorServer } from './startSimulatorServer.js';

/**
 * Ejento v2 Analytics as its published contract defines it: two auth headers (API manager key, then the
 * app's bearer token), the `{success, message, data}` envelope, every analytics route (trailing
 * slash optional), `limit` as top-N entities per bucket ranked by the metric, calendar time
 * series whose empty dates are omitted, and the error envelopes of the app and of the API
 * manager. Routes and semantics are written out here independently of the gateway's table, so
 * the two check each other.
 */
export interface EjentoSimulatorOptions {
  /** Listen on this port (default: an ephemeral one). */
  port?: number;
  now?: () => number;
  latencyMs?: number;
  log?: boolean;
  /** Accepted `Ocp-Apim-Subscription-Key` values. */
  subscriptionKeys?: readonly string[];
  /** Accepted bearer tokens. */
  tokens?: readonly string[];
  /** Serve entity rows without `<e>_id` (a tolerated variation; the gateway must fall back to one request per id). */
  omitIds?: boolean;
  /** Serve time series nested one level (`[[{date, …}]]`), as seen on some Ejento routes. */
  nestTimeSeries?: boolean;
  /** Serve `total_cost` as a JSON number instead of a 5-place string. */
  costAsNumber?: boolean;
}

const DEMO_KEY = 'demo-subscription-key';
const DEMO_TOKEN = 'demo-ejento-token';

/** Credentials the demo gateway uses against this simulator. */
export const EJENTO_DEMO_CONFIG = { subscriptionKey: DEMO_KEY, token: DEMO_TOKEN };

const DAY = 86_400_000;
const PREFIX = '/api/v2/analytics/';
// The demo organization starts here (entities are created from it on): no data before, which
// also keeps a 10-year window from generating a decade of events in the demo process.
const DEMO_START = Date.UTC(2025, 0, 1);

interface Entity { id: number; name: string }
interface EntityKind { field: string; label: string; all: readonly Entity[]; of: (e: DemoEvent) => Entity }

const KINDS: Record<string, EntityKind> = {
  agents: { field: 'agent', label: 'Agent', all: DEMO_AGENTS, of: (e) => e.agent },
  projects: { field: 'project', label: 'Project', all: DEMO_PROJECTS, of: (e) => e.project },
  teams: { field: 'team', label: 'Team', all: DEMO_TEAMS, of: (e) => DEMO_TEAMS[e.teamId - 1]! },
  users: { field: 'user', label: 'User', all: DEMO_USERS.map((u) => ({ id: u.id, name: u.username })), of: (e) => ({ id: e.user.id, name: e.user.username }) },
  corpus: { field: 'corpus', label: 'Corpus', all: DEMO_CORPORA, of: (e) => DEMO_CORPORA[e.agent.corpusId - 1]! },
};
const ENTITY_METRICS = ['costs', 'tokens', 'query-count', 'votes', 'document-count', 'indexing-mode', 'most-active', 'recent', 'summary'];
const CORPUS_METRICS = ['document-count', 'indexing-mode'];
const ORG_METRICS = ['costs', 'tokens', 'query-count', 'votes', 'document-count', 'indexing-mode', 'summary', 'entity-counts'];
const DATA_KEY: Record<string, string> = {
  costs: 'costs', tokens: 'token_usage', 'query-count': 'query_counts', votes: 'votes', 'document-count': 'document_counts',
  'indexing-mode': 'indexing_modes', 'most-active': 'most_active', recent: 'recent', summary: 'summary', 'entity-counts': 'counts',
};

/** Everything a bucket of one entity (or of the organization) adds up. */
interface Acc {
  costE8: number;
  input: number;
  output: number;
  queries: number;
  up: number;
  down: number;
  corpora: Set<number>;
  users: Set<number>;
  last: number;
}
const newAcc = (): Acc => ({ costE8: 0, input: 0, output: 0, queries: 0, up: 0, down: 0, corpora: new Set(), users: new Set(), last: -Infinity });
function add(a: Acc, e: DemoEvent): void {
  a.costE8 += e.costE8;
  a.input += e.inputTokens;
  a.output += e.outputTokens;
  a.queries += 1;
  if (e.vote === 1) a.up += 1;
  if (e.vote === -1) a.down += 1;
  a.corpora.add(e.agent.corpusId);
  a.users.add(e.user.id);
  a.last = Math.max(a.last, e.ts);
}
const docs = (a: Acc) => [...a.corpora].reduce((n, c) => n + DEMO_CORPORA[c - 1]!.documentCount, 0);
function modes(a: Acc): Array<{ indexing_mode: string; count: number }> {
  const by = new Map<string, number>();
  for (const c of a.corpora) {
    const corpus = DEMO_CORPORA[c - 1]!;
    by.set(corpus.indexingMode, (by.get(corpus.indexingMode) ?? 0) + corpus.documentCount);
  }
  return [...by.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([indexing_mode, count]) => ({ indexing_mode, count }));
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Bucket start in UTC: the day, the Monday of the ISO week, the 1st of the month. */
function bucketOf(ms: number, type: string): number {
  const d = new Date(Math.floor(ms / DAY) * DAY);
  if (type === 'week') return d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY;
  if (type === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return d.getTime();
}

/** A date (whole day; as an end, the day is included) or a datetime (as an end, exclusive). */
function parseBound(s: string | null, isEnd: boolean): number | undefined {
  if (!s) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const t = Date.parse(`${s}T00:00:00Z`);
    return Number.isNaN(t) ? undefined : isEnd ? t + DAY : t;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.test(s)) return undefined;
  const t = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(s) ? s : `${s}Z`);
  return Number.isNaN(t) ? undefined : t;
}

const fail = (status: number, message: string): SimResponse => ({ status, body: { success: false, message, data: null } });

/** The request handler alone (mounted by startEjentoSimulator). */
export function createEjentoHandler(options: EjentoSimulatorOptions = {}) {
  const keys = new Set(options.subscriptionKeys ?? [DEMO_KEY]);
  const tokens = new Set(options.tokens ?? [DEMO_TOKEN]);
  const now = options.now ?? Date.now;
  const money = (e8: number): string | number => (options.costAsNumber ? Number(usdString5(e8)) : usdString5(e8));

  return (req: SimRequest): SimResponse => {
    // The API manager checks the subscription key before the app sees anything.
    const key = req.headers['ocp-apim-subscription-key'];
    if (typeof key !== 'string' || !keys.has(key)) {
      return {
        status: 401,
        body: { statusCode: 401, message: 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.' },
      };
    }
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ')) return fail(403, 'Authentication credentials were not provided.');
    if (!tokens.has(auth.slice(7))) return fail(403, 'Invalid or expired token.');
    if (req.method !== 'GET') return fail(405, `Method "${req.method}" not allowed.`);
    if (!req.path.startsWith(PREFIX)) return fail(404, 'Not found.');
    const parts = req.path.slice(PREFIX.length).replace(/\/$/, '').split('/');
    const [kindName, metric] = parts.length === 2 ? [parts[0]!, parts[1]!] : [null, parts[0]!];
    const kind = kindName === null ? null : KINDS[kindName];
    const allowed = kindName === null ? ORG_METRICS : kindName === 'corpus' ? CORPUS_METRICS : ENTITY_METRICS;
    if (parts.length > 2 || (kindName !== null && !kind) || !allowed.includes(metric)) return fail(404, 'Not found.');

    const q = req.url.searchParams;
    const ids: number[] = [];
    if (kind) {
      for (const raw of q.getAll(`${kind.field}_id`)) {
        if (!/^\d+$/.test(raw)) return fail(400, `Invalid ${kind.field}_id: must be an integer.`);
        ids.push(Number(raw));
      }
    }
    const type = q.get('type') ?? 'fixed';
    if (type !== 'fixed' && type !== 'range') return fail(400, "Invalid type: must be 'fixed' or 'range'.");
    let start: number;
    let end: number;
    const t = now();
    if (type === 'fixed') {
      const daysRaw = q.get('days') ?? '30';
      if (!/^\d+$/.test(daysRaw) || Number(daysRaw) < 1) return fail(400, 'Invalid days: must be a positive integer.');
      start = Math.floor(t / DAY) * DAY - Number(daysRaw) * DAY;
      end = t + 1;
    } else {
      const s = parseBound(q.get('start_date'), false);
      const e = parseBound(q.get('end_date'), true);
      if (s === undefined || e === undefined) return fail(400, 'start_date and end_date are required in ISO format for type=range.');
      if (!(s < e)) return fail(400, 'start_date must be before end_date.');
      start = s;
      end = e;
    }
    const tsRaw = q.get('time_series') ?? 'false';
    if (!/^(true|false|1|0)$/i.test(tsRaw)) return fail(400, 'Invalid time_series: must be a boolean.');
    const series = /^(true|1)$/i.test(tsRaw);
    const bucketType = q.get('bucket_type') ?? 'day';
    if (!['day', 'week', 'month'].includes(bucketType)) return fail(400, "Invalid bucket_type: must be 'day', 'week' or 'month'.");
    const limitRaw = q.get('limit') ?? '10';
    if (!/^\d+$/.test(limitRaw) || Number(limitRaw) < 1) return fail(400, 'Invalid limit: must be a positive integer.');
    const limit = Number(limitRaw);

    const ok = (payload: unknown) => ({
      status: 200,
      body: {
        success: true,
        message: `${kind?.label ?? 'Organization'} ${metric.replace('-', ' ')} data retrieved successfully`,
        data: { [DATA_KEY[metric]!]: series && options.nestTimeSeries && Array.isArray(payload) ? [payload] : payload },
      },
    });

    if (metric === 'entity-counts') {
      return ok({ agents: DEMO_AGENTS.length, projects: DEMO_PROJECTS.length, teams: DEMO_TEAMS.length, users: DEMO_USERS.length, corpora: DEMO_CORPORA.length });
    }
    if (metric === 'recent') return ok(recent(kind!, ids, limit, start, end, series ? bucketType : null, t));

    const events = eventsBetween(Math.max(start, DEMO_START), end, t);
    const bucketKey = (ms: number) => (series ? ymd(bucketOf(ms, bucketType)) : '');

    if (!kind) {
      const byDate = new Map<string, Acc>();
      for (const e of events) {
        const k = bucketKey(e.ts);
        let a = byDate.get(k);
        if (!a) byDate.set(k, (a = newAcc()));
        add(a, e);
      }
      if (metric === 'summary') {
        const a = newAcc();
        for (const e of events) add(a, e);
        return ok({
          total_queries: a.queries, total_tokens: a.input + a.output, total_cost: money(a.costE8), upvotes: a.up, downvotes: a.down,
          total_documents: DEMO_CORPORA.reduce((n, c) => n + c.documentCount, 0),
        });
      }
      if (!series && byDate.size === 0) byDate.set('', newAcc());
      const rows: Array<Record<string, unknown>> = [];
      for (const [date, a] of [...byDate.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
        for (const v of values(metric, a)) rows.push(series ? { date, ...v } : v);
      }
      return ok(rows);
    }

    // Entity rows: per bucket, the top `limit` entities by the metric.
    const wanted = ids.length ? new Set(ids) : null;
    const byBucket = new Map<string, Map<number, { entity: Entity; acc: Acc }>>();
    for (const e of events) {
      const ent = kind.of(e);
      if (wanted && !wanted.has(ent.id)) continue;
      const k = bucketKey(e.ts);
      let m = byBucket.get(k);
      if (!m) byBucket.set(k, (m = new Map()));
      let slot = m.get(ent.id);
      if (!slot) m.set(ent.id, (slot = { entity: ent, acc: newAcc() }));
      add(slot.acc, e);
    }
    const rows: Array<Record<string, unknown>> = [];
    for (const [date, m] of [...byBucket.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
      const ranked = [...m.values()].sort((x, y) => rank(metric, y.acc) - rank(metric, x.acc) || x.entity.id - y.entity.id).slice(0, limit);
      for (const { entity, acc } of ranked) {
        const head: Record<string, unknown> = series ? { date } : {};
        if (!options.omitIds) head[`${kind.field}_id`] = entity.id;
        head[`${kind.field}_name`] = entity.name;
        for (const v of values(metric, acc)) rows.push({ ...head, ...v });
      }
    }
    return ok(rows);
  };

  function rank(metric: string, a: Acc): number {
    switch (metric) {
      case 'tokens': return a.input + a.output;
      case 'query-count': case 'most-active': return a.queries;
      case 'votes': return a.up + a.down;
      case 'document-count': case 'indexing-mode': return docs(a);
      default: return a.costE8; // costs, summary
    }
  }

  /** The row fields of one accumulator (several rows for indexing modes). */
  function values(metric: string, a: Acc): Array<Record<string, unknown>> {
    switch (metric) {
      case 'costs': return [{ total_tokens: a.input + a.output, total_cost: money(a.costE8) }];
      case 'tokens': return [{ prompt_tokens: a.input, completion_tokens: a.output, total_tokens: a.input + a.output }];
      case 'query-count': return [{ query_count: a.queries }];
      case 'votes': return [{ upvotes: a.up, downvotes: a.down }];
      case 'document-count': return [{ document_count: docs(a) }];
      case 'indexing-mode': return modes(a);
      case 'most-active': return [{ query_count: a.queries, last_active: a.last > 0 ? iso(a.last) : null }];
      case 'summary':
        return [{
          total_queries: a.queries, total_tokens: a.input + a.output, total_cost: money(a.costE8), upvotes: a.up, downvotes: a.down,
          document_count: docs(a), active_users: a.users.size,
        }];
      default: return [];
    }
  }

  /**
   * Entities with data in the window, i.e. used in it or created in it, by last use in the window
   * (never: last) then id, top `limit`; with a time series the same per bucket (`last_used_at` =
   * the last use in the bucket). created_at is fixed per entity.
   */
  function recent(kind: EntityKind, ids: number[], limit: number, start: number, end: number, bucketType: string | null, t: number): Array<Record<string, unknown>> {
    const createdAt = (ent: Entity) => DEMO_START + ent.id * 7 * DAY;
    const key = (ms: number) => (bucketType ? ymd(bucketOf(ms, bucketType)) : '');
    const byBucket = new Map<string, Map<number, { ent: Entity; used: number | null }>>();
    const slot = (k: string, ent: Entity) => {
      let m = byBucket.get(k);
      if (!m) byBucket.set(k, (m = new Map()));
      let s = m.get(ent.id);
      if (!s) m.set(ent.id, (s = { ent, used: null }));
      return s;
    };
    const wanted = (ent: Entity) => ids.length === 0 || ids.includes(ent.id);
    for (const ent of kind.all) {
      const c = createdAt(ent);
      if (c >= start && c < end && wanted(ent)) slot(key(c), ent);
    }
    for (const e of eventsBetween(Math.max(start, DEMO_START), end, t)) {
      const ent = kind.of(e);
      if (!wanted(ent)) continue;
      const s = slot(key(e.ts), ent);
      s.used = Math.max(s.used ?? -Infinity, e.ts);
    }
    const rows: Array<Record<string, unknown>> = [];
    for (const [date, m] of [...byBucket.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
      const ranked = [...m.values()].sort((x, y) => (y.used ?? -Infinity) - (x.used ?? -Infinity) || x.ent.id - y.ent.id).slice(0, limit);
      for (const { ent, used } of ranked) {
        rows.push({
          ...(bucketType ? { date } : {}),
          ...(options.omitIds ? {} : { [`${kind.field}_id`]: ent.id }),
          [`${kind.field}_name`]: ent.name,
          created_at: iso(createdAt(ent)),
          last_used_at: used === null ? null : iso(used),
        });
      }
    }
    return rows;
  }
}

/** Starts the Ejento simulator on 127.0.0.1 (ephemeral port). */
export function startEjentoSimulator(options: EjentoSimulatorOptions = {}): Promise<SimulatorServer> {
  return startSimulatorServer({ handler: createEjentoHandler(options), latencyMs: options.latencyMs, log: options.log, port: options.port });
}
