import { ErrorCode, UpstreamError, upstreamContractError } from '../../errors.js';
import { parseDate, parseDateTime } from '../../lib/dateTime.js';
import { sumDecimals, toDecimal, type DecimalString } from '../../lib/decimal.js';
import type { ResolvedRange } from '../../lib/timeRange.js';
import { bucketGrid, bucketStart } from './calendar.js';
import type { EjentoOperation } from './operations.js';
import type {
  ActivityValue, CostValue, CountValue, EjentoBucketName, EjentoEnvelope, EjentoRow, EntityCountsValue, MetricResults, ModeValue,
  OrgSummaryValue, RowMetric, RowValues, SeriesData, SeriesMetric, SeriesValues, SummaryValue, TokenValue, VoteValue,
} from './types.js';

/** Ejento's money has 5 places; zero-filled buckets use the same scale. */
const contract = (what: string) => upstreamContractError('EJENTO', what);

export const ZERO_USD: DecimalString = '0.00000';

/**
 * The payload of an envelope: the rows under `data[dataKey]` (a one-level nested list is
 * flattened), or the single object of summary/entity-counts. A 200 with `success: false` is
 * Ejento refusing our request in its documented app-error envelope, so it is UPSTREAM_REJECTED
 * (not BAD_RESPONSE, which is for answers outside the contract); its message is not passed on.
 */
export function unwrapEnvelope(body: EjentoEnvelope, op: EjentoOperation): unknown[] | Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw contract('the body is not an object');
  if (body.success === false) {
    throw new UpstreamError(ErrorCode.UPSTREAM_REJECTED, 'EJENTO', 'EJENTO refused the request (success: false).', {
      upstreamStatus: 200,
      detail: body,
    });
  }
  if (body.success !== undefined && body.success !== true) throw contract('success is not a boolean');
  // A 200 without the envelope's `data` object is not "no rows": it is not Ejento's answer.
  const data = body.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw contract('data is not an object');
  const payload = (data as Record<string, unknown>)[op.dataKey];
  if (op.single) {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw contract(`data.${op.dataKey} is not an object`);
    return payload as Record<string, unknown>;
  }
  if (payload === undefined || payload === null) return [];
  if (!Array.isArray(payload)) throw contract(`data.${op.dataKey} is not a list`);
  // Tolerated: a time series nested one level ([[{date, …}, …]]).
  return payload.some(Array.isArray) ? payload.flatMap((x) => (Array.isArray(x) ? x : [x])) : payload;
}

function num(v: unknown, what: string): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw contract(`${what} is not a number`);
  return n;
}
function int(v: unknown, what: string): number {
  const n = num(v, what);
  if (!Number.isSafeInteger(n)) throw contract(`${what} is not an integer`);
  return n;
}
function optNum(v: unknown, what: string): number | null {
  return v === undefined || v === null ? null : num(v, what);
}
function money(v: unknown, what: string): DecimalString {
  // Pinned as a 5-place string; tolerated as a JSON number (converted once, exactly).
  const d = toDecimal(v);
  if (d === undefined) throw contract(`${what} is not a decimal`);
  return d;
}
function instant(v: unknown, what: string): number | null {
  if (v === undefined || v === null || v === '') return null;
  const t = typeof v === 'string' ? (parseDateTime(v) ?? parseDate(v) ?? parseDateTime(`${v}Z`)) : undefined;
  if (t === undefined) throw contract(`${what} is not a date-time`);
  return t;
}

const ROW_VALUE: { [M in RowMetric]: (r: Record<string, unknown>) => RowValues[M] } = {
  costs: (r) => ({ cost: money(r.total_cost, 'total_cost'), tokens: optNum(r.total_tokens, 'total_tokens') }),
  tokens: (r) => ({
    prompt: num(r.prompt_tokens ?? 0, 'prompt_tokens'),
    completion: num(r.completion_tokens ?? 0, 'completion_tokens'),
    total: num(r.total_tokens ?? num(r.prompt_tokens ?? 0, 'prompt_tokens') + num(r.completion_tokens ?? 0, 'completion_tokens'), 'total_tokens'),
  }),
  'query-count': (r) => ({ count: int(r.query_count, 'query_count') }),
  votes: (r) => ({ up: int(r.upvotes ?? 0, 'upvotes'), down: int(r.downvotes ?? 0, 'downvotes') }),
  'document-count': (r) => ({ count: int(r.document_count, 'document_count') }),
  'indexing-mode': (r) => {
    if (typeof r.indexing_mode !== 'string' || r.indexing_mode === '') throw contract('indexing_mode is not a string');
    return { mode: r.indexing_mode, count: int(r.count, 'count') };
  },
  'most-active': (r) => ({ queryCount: int(r.query_count, 'query_count'), lastActive: instant(r.last_active, 'last_active') }),
  recent: (r) => ({ createdAt: instant(r.created_at, 'created_at'), lastUsedAt: instant(r.last_used_at, 'last_used_at') }),
  summary: (r) => ({
    totalQueries: int(r.total_queries ?? 0, 'total_queries'),
    totalTokens: num(r.total_tokens ?? 0, 'total_tokens'),
    totalCost: money(r.total_cost ?? ZERO_USD, 'total_cost'),
    upvotes: int(r.upvotes ?? 0, 'upvotes'),
    downvotes: int(r.downvotes ?? 0, 'downvotes'),
    documentCount: int(r.document_count ?? 0, 'document_count'),
    activeUsers: r.active_users === undefined || r.active_users === null ? null : int(r.active_users, 'active_users'),
  }),
};

/** Validates one row of `op` (whose metric has rows). `<e>_id` may be missing (tolerated). */
export function toRow<M extends RowMetric>(raw: unknown, op: EjentoOperation & { metric: M }): EjentoRow<M> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw contract('a row is not an object');
  const r = raw as Record<string, unknown>;
  let id: string | null = null;
  let name: string | null = null;
  if (op.entityField) {
    const rawId = r[`${op.entityField}_id`];
    if (rawId !== undefined && rawId !== null) {
      if ((typeof rawId !== 'number' && typeof rawId !== 'string') || !/^\d+$/.test(String(rawId))) throw contract(`${op.entityField}_id is not an integer`);
      id = String(BigInt(String(rawId)));
    }
    const rawName = r[`${op.entityField}_name`];
    if (typeof rawName === 'string') name = rawName;
  }
  let date: number | null = null;
  if (r.date !== undefined && r.date !== null) {
    const d = typeof r.date === 'string' ? (parseDate(r.date) ?? parseDateTime(r.date)) : undefined;
    if (d === undefined) throw contract('date is not YYYY-MM-DD');
    date = d;
  }
  return { id, name, date, value: (ROW_VALUE[op.metric] as (r: Record<string, unknown>) => RowValues[M])(r) };
}

/** Adds up two summary values (money exactly; active users stay unknown only if both are). */
function addSummaries(a: SummaryValue, b: SummaryValue): SummaryValue {
  return {
    totalQueries: a.totalQueries + b.totalQueries,
    totalTokens: a.totalTokens + b.totalTokens,
    totalCost: sumDecimals([a.totalCost, b.totalCost]),
    upvotes: a.upvotes + b.upvotes,
    downvotes: a.downvotes + b.downvotes,
    documentCount: a.documentCount + b.documentCount,
    activeUsers: a.activeUsers === null && b.activeUsers === null ? null : (a.activeUsers ?? 0) + (b.activeUsers ?? 0),
  };
}

/** Mode lists merged by mode, largest first then by name. */
function mergeModes(a: readonly ModeValue[], b: readonly ModeValue[]): ModeValue[] {
  const by = new Map<string, number>();
  for (const m of [...a, ...b]) by.set(m.mode, (by.get(m.mode) ?? 0) + m.count);
  return [...by.entries()].map(([mode, count]) => ({ mode, count })).sort((x, y) => y.count - x.count || x.mode.localeCompare(y.mode));
}

/**
 * Per series metric: the empty bucket, how a row folds into a bucket, and how two buckets add
 * up (money exactly). Several rows may fall in one bucket (several modes of one date, several
 * entities of an organization-wide list, dates of a finer grid).
 */
interface SeriesOps<P, R> {
  zero: () => P;
  fold: (point: P, row: R) => P;
  merge: (a: P, b: P) => P;
}
const same = <V>(zero: () => V, add: (a: V, b: V) => V): SeriesOps<V, V> => ({ zero, fold: add, merge: add });
const SERIES: { [M in SeriesMetric]: SeriesOps<SeriesValues[M], RowValues[M]> } = {
  costs: same<CostValue>(
    () => ({ cost: ZERO_USD, tokens: 0 }),
    (a, b) => ({
      cost: sumDecimals([a.cost, b.cost]),
      tokens: a.tokens === null && b.tokens === null ? null : (a.tokens ?? 0) + (b.tokens ?? 0),
    }),
  ),
  tokens: same(
    () => ({ prompt: 0, completion: 0, total: 0 }),
    (a, b) => ({ prompt: a.prompt + b.prompt, completion: a.completion + b.completion, total: a.total + b.total }),
  ),
  'query-count': same(() => ({ count: 0 }), (a, b) => ({ count: a.count + b.count })),
  votes: same(() => ({ up: 0, down: 0 }), (a, b) => ({ up: a.up + b.up, down: a.down + b.down })),
  'document-count': same(() => ({ count: 0 }), (a, b) => ({ count: a.count + b.count })),
  'indexing-mode': { zero: () => [], fold: (p, r) => mergeModes(p, [r]), merge: mergeModes },
  'most-active': same<ActivityValue>(
    () => ({ queryCount: 0, lastActive: null }),
    (a, b) => ({
      queryCount: a.queryCount + b.queryCount,
      lastActive: a.lastActive === null ? b.lastActive : b.lastActive === null ? a.lastActive : Math.max(a.lastActive, b.lastActive),
    }),
  ),
  summary: same<SummaryValue>(
    () => ({ totalQueries: 0, totalTokens: 0, totalCost: ZERO_USD, upvotes: 0, downvotes: 0, documentCount: 0, activeUsers: null }),
    addSummaries,
  ),
};

/**
 * Rows → a series on the window's calendar grid: one point per bucket from the bucket holding
 * the window's start to the one holding its last instant, zero where Ejento omitted the date
 * (so series of different entities line up). Without a bucket: one point for the whole window.
 * The total is the exact sum of the points.
 */
export function toSeries<M extends SeriesMetric>(
  metric: M,
  rows: ReadonlyArray<EjentoRow<M>>,
  effective: ResolvedRange,
  bucket: EjentoBucketName | null,
): SeriesData<SeriesValues[M]> {
  const { zero, fold, merge } = SERIES[metric] as unknown as SeriesOps<SeriesValues[M], RowValues[M]>;
  if (!bucket) {
    // One point for the whole window (a list of entities asks this per entity and metric): no
    // grid or index, and the total is the point itself (adding the zero to a folded value
    // changes nothing).
    let value = zero();
    for (const row of rows) value = fold(value, row.value);
    return { points: [{ start: effective.start, end: effective.end, value }], total: value, effective };
  }
  const grid: ResolvedRange[] = bucketGrid(effective, bucket);
  const points = grid.map((g) => ({ start: g.start, end: g.end, value: zero() }));
  const index = new Map(points.map((p, i) => [p.start, i]));
  for (const row of rows) {
    if (row.date === null) throw contract('a time-series row has no date');
    const i = index.get(bucketStart(row.date, bucket));
    if (i === undefined) continue; // outside the window we asked for
    points[i]!.value = fold(points[i]!.value, row.value);
  }
  const total = points.reduce((acc, p) => merge(acc, p.value), zero());
  return { points, total, effective };
}

/** The parts of the organization's summary series: the metric series that feed the summary, on one grid. */
export interface OrgSummaryParts {
  costs: SeriesData<CostValue>;
  tokens: SeriesData<TokenValue>;
  queries: SeriesData<CountValue>;
  votes: SeriesData<VoteValue>;
  documents: SeriesData<CountValue>;
}

/**
 * The organization's summary per bucket, point by point from the series of the metrics that
 * feed it (the organization-wide summary answers one object even with `time_series`). The parts
 * share one window and bucket, so their grids are the same.
 */
export function toOrgSummarySeries(p: OrgSummaryParts): SeriesData<OrgSummaryValue> {
  const points = p.costs.points.map((c, i) => ({
    start: c.start,
    end: c.end,
    value: {
      totalQueries: p.queries.points[i]!.value.count,
      totalTokens: p.tokens.points[i]!.value.total,
      totalCost: c.value.cost,
      upvotes: p.votes.points[i]!.value.up,
      downvotes: p.votes.points[i]!.value.down,
      totalDocuments: p.documents.points[i]!.value.count,
    },
  }));
  const total: OrgSummaryValue = {
    totalQueries: p.queries.total.count,
    totalTokens: p.tokens.total.total,
    totalCost: p.costs.total.cost,
    upvotes: p.votes.total.up,
    downvotes: p.votes.total.down,
    totalDocuments: p.documents.total.count,
  };
  return { points, total, effective: p.costs.effective };
}

/** Indexing-mode rows merged by mode (several buckets or rows per mode add up), by count then name. */
export function toModes(rows: ReadonlyArray<EjentoRow<'indexing-mode'>>): ModeValue[] {
  return mergeModes([], rows.map((r) => r.value));
}

/** An entity's (or the organization's) rows of one metric → the value resolvers serve; empty rows → zeros. */
export function toMetricResult<M extends RowMetric>(
  metric: M,
  rows: ReadonlyArray<EjentoRow<M>>,
  effective: ResolvedRange,
  bucket: EjentoBucketName | null,
): MetricResults[M] {
  type Out = MetricResults[M];
  switch (metric) {
    case 'costs':
    case 'tokens':
    case 'query-count':
    case 'votes':
      return toSeries(metric as 'costs', rows as never, effective, bucket) as unknown as Out;
    case 'document-count':
      return (rows as ReadonlyArray<EjentoRow<'document-count'>>).reduce<number>((n, r) => n + r.value.count, 0) as unknown as Out;
    case 'indexing-mode':
      return toModes(rows as ReadonlyArray<EjentoRow<'indexing-mode'>>) as Out;
    case 'most-active': {
      const rs = rows as ReadonlyArray<EjentoRow<'most-active'>>;
      const last = rs.map((r) => r.value.lastActive).filter((t): t is number => t !== null);
      return { queryCount: rs.reduce((n, r) => n + r.value.queryCount, 0), lastActive: last.length ? Math.max(...last) : null } as Out;
    }
    case 'recent':
      return ((rows[0] as EjentoRow<'recent'> | undefined)?.value ?? { createdAt: null, lastUsedAt: null }) as Out;
    case 'summary':
      return ((rows[0] as EjentoRow<'summary'> | undefined)?.value ?? {
        totalQueries: 0, totalTokens: 0, totalCost: ZERO_USD, upvotes: 0, downvotes: 0, documentCount: 0, activeUsers: null,
      }) as Out;
    default:
      throw new Error(`unknown Ejento metric ${String(metric)}`);
  }
}

/** `data.summary` of the organization-wide summary. */
export function toOrgSummary(o: Record<string, unknown>): OrgSummaryValue {
  return {
    totalQueries: int(o.total_queries ?? 0, 'total_queries'),
    totalTokens: num(o.total_tokens ?? 0, 'total_tokens'),
    totalCost: money(o.total_cost ?? ZERO_USD, 'total_cost'),
    upvotes: int(o.upvotes ?? 0, 'upvotes'),
    downvotes: int(o.downvotes ?? 0, 'downvotes'),
    totalDocuments: int(o.total_documents ?? 0, 'total_documents'),
  };
}

/** `data.counts` of entity-counts. */
export function toEntityCounts(o: Record<string, unknown>): EntityCountsValue {
  return {
    agents: int(o.agents ?? 0, 'agents'),
    projects: int(o.projects ?? 0, 'projects'),
    teams: int(o.teams ?? 0, 'teams'),
    users: int(o.users ?? 0, 'users'),
    corpora: int(o.corpora ?? 0, 'corpora'),
  };
}
