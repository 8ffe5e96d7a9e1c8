/** Wire shapes of Ejento v2 Analytics and the values the source hands to resolvers. */
import type { ResolvedRange } from '../../lib/timeRange.js';
import type { DecimalString } from '../../lib/decimal.js';
import type { QueryValue } from '../http.js';

/** The envelope of every answer. Everything is `unknown`-safe: mapping validates. */
export interface EjentoEnvelope {
  success?: unknown;
  message?: unknown;
  data?: unknown;
}

/** The public scopes (GraphQL `EjentoScope`). */
export type EjentoScopeName = 'AGENT' | 'PROJECT' | 'TEAM' | 'USER';
/** What an upstream call is about: an entity scope, corpora, or the whole organization. */
export type EjentoTarget = EjentoScopeName | 'CORPUS' | 'ORGANIZATION';
/** The metric segment of an analytics path. */
export type EjentoMetric =
  | 'costs'
  | 'tokens'
  | 'query-count'
  | 'votes'
  | 'document-count'
  | 'indexing-mode'
  | 'most-active'
  | 'recent'
  | 'summary'
  | 'entity-counts';
/** GraphQL `EjentoBucket`. */
export type EjentoBucketName = 'DAY' | 'WEEK' | 'MONTH';

/** A resolved window: what to send, what it covers, and a key that groups identical windows. */
export interface EjentoWindowSpec {
  /** `d:30` or `r:<start>:<end>`: equal keys mean identical upstream parameters. */
  key: string;
  query: Record<string, QueryValue>;
  /** The half-open range the window covers (fixed windows end at the request's `now`). */
  effective: ResolvedRange;
}

/** The row values of each metric, after validation. */
export interface CostValue { cost: DecimalString; tokens: number | null }
export interface TokenValue { prompt: number; completion: number; total: number }
export interface CountValue { count: number }
export interface VoteValue { up: number; down: number }
export interface ModeValue { mode: string; count: number }
export interface ActivityValue { queryCount: number; lastActive: number | null }
export interface RecentValue { createdAt: number | null; lastUsedAt: number | null }
export interface SummaryValue {
  totalQueries: number;
  totalTokens: number;
  totalCost: DecimalString;
  upvotes: number;
  downvotes: number;
  documentCount: number;
  activeUsers: number | null;
}
export interface OrgSummaryValue {
  totalQueries: number;
  totalTokens: number;
  totalCost: DecimalString;
  upvotes: number;
  downvotes: number;
  totalDocuments: number;
}
export interface EntityCountsValue { agents: number; projects: number; teams: number; users: number; corpora: number }

/** Row value per metric (entity-counts and the organization summary are single objects, not rows). */
export interface RowValues {
  costs: CostValue;
  tokens: TokenValue;
  'query-count': CountValue;
  votes: VoteValue;
  'document-count': CountValue;
  'indexing-mode': ModeValue;
  'most-active': ActivityValue;
  recent: RecentValue;
  summary: SummaryValue;
}
export type RowMetric = keyof RowValues;

/** One validated row: the entity it belongs to (when the upstream said), its bucket date, its values. */
export interface EjentoRow<M extends RowMetric = RowMetric> {
  id: string | null;
  name: string | null;
  /** Bucket start (epoch ms) of a time-series row; null otherwise. */
  date: number | null;
  value: RowValues[M];
}

/** A bucket of a series: [start, end) and the combined value of its rows (zero when none). */
export interface SeriesPoint<V> { start: number; end: number; value: V }
/** A series over a window: every bucket, zero-filled, and the exact total. */
export interface SeriesData<V> { points: Array<SeriesPoint<V>>; total: V; effective: ResolvedRange }

/** Metrics whose rows Ejento buckets with `time_series=true` (every row metric but `recent`). */
export type SeriesMetric = 'costs' | 'tokens' | 'query-count' | 'votes' | 'document-count' | 'indexing-mode' | 'most-active' | 'summary';

/** The value of one bucket of a series, per metric (indexing modes: the bucket's list of modes). */
export interface SeriesValues {
  costs: CostValue;
  tokens: TokenValue;
  'query-count': CountValue;
  votes: VoteValue;
  'document-count': CountValue;
  'indexing-mode': ModeValue[];
  'most-active': ActivityValue;
  summary: SummaryValue;
}

/** The metrics an ids-less list can be ranked by (GraphQL `EjentoRanking`). */
export type EjentoRankingName = 'COST' | 'TOKENS' | 'QUERIES' | 'VOTES';

/** What an entity (or the organization) loader yields per metric. */
export interface MetricResults {
  costs: SeriesData<CostValue>;
  tokens: SeriesData<TokenValue>;
  'query-count': SeriesData<CountValue>;
  votes: SeriesData<VoteValue>;
  'document-count': number;
  'indexing-mode': ModeValue[];
  'most-active': ActivityValue;
  recent: RecentValue;
  summary: SummaryValue;
}

/** An entity's value of one metric, with the name its rows carried (null: no row). */
export interface EntityResult<M extends RowMetric> {
  name: string | null;
  value: MetricResults[M];
}

/** The parent value of `EjentoEntity` and `EjentoCorpus`: ids only; `name` when already known. */
export interface EjentoEntityRef {
  scope: EjentoScopeName;
  id: string;
  /** Known name (from a list call); undefined = not known yet, load it. */
  name?: string | null;
  /** Metrics the list fetched for every item before the items resolve (see prefetchEntityMetrics). */
  prefetched?: PrefetchedMetrics;
}
/** The metric fields a list fetches up front when they are selected without arguments. */
export type PrefetchField = 'costs' | 'tokens' | 'queryCount' | 'votes';
export type PrefetchedMetric<M extends RowMetric> = { ok: true; result: EntityResult<M> } | { ok: false; error: unknown };
export interface PrefetchedMetrics {
  costs?: PrefetchedMetric<'costs'>;
  tokens?: PrefetchedMetric<'tokens'>;
  queryCount?: PrefetchedMetric<'query-count'>;
  votes?: PrefetchedMetric<'votes'>;
}
export interface EjentoCorpusRef {
  id: string;
  name?: string | null;
}

/** The parent value of `EjentoOrganization`: nothing (every field makes its own call). */
export type EjentoOrganizationRef = Record<string, never>;
