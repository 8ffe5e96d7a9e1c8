/* eslint-disable */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar date, `YYYY-MM-DD`. */
  Date: { input: string; output: string; }
  /** An instant. Input: RFC 3339 with any offset. Output: UTC, `YYYY-MM-DDTHH:MM:SSZ`, with milliseconds only when not zero. */
  DateTime: { input: string; output: string; }
  /** An exact decimal number as a plain-notation string, e.g. "0.00150". Never a float, never exponent notation. */
  Decimal: { input: string; output: string; }
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
};

/** An entry of a most-active list. */
export type ActiveEntity = {
  __typename?: 'ActiveEntity';
  /** The entity itself, for more metrics (null when Ejento omitted the id). */
  entity?: Maybe<EjentoEntity>;
  /** The entity's id; null when Ejento omitted it. */
  id?: Maybe<Scalars['ID']['output']>;
  /** The last query in the window. */
  lastActive?: Maybe<Scalars['DateTime']['output']>;
  /** The entity's name. */
  name?: Maybe<Scalars['String']['output']>;
  /** Queries in the window. */
  queryCount: Scalars['Int']['output'];
  /** What kind of entity this is. */
  scope: EjentoScope;
};

/** One bucket of an activity series. */
export type ActivityPoint = {
  __typename?: 'ActivityPoint';
  /** First instant after the bucket. */
  end: Scalars['DateTime']['output'];
  /** The last query in the bucket; null when none. */
  lastActive?: Maybe<Scalars['DateTime']['output']>;
  /** Queries in the bucket. */
  queryCount: Scalars['Int']['output'];
  /** First instant of the bucket (UTC). */
  start: Scalars['DateTime']['output'];
};

/** Query count and last activity per calendar bucket (Ejento's most-active data as a time series). */
export type ActivitySeries = {
  __typename?: 'ActivitySeries';
  /** The window asked of Ejento. */
  effectiveRange: EffectiveRange;
  /** Stable key of the series, e.g. `USER:7`. */
  key: Scalars['String']['output'];
  /** Human label (the entity's name); null when unknown. */
  label?: Maybe<Scalars['String']['output']>;
  /** The last query over the window: the latest of the points; null when none. */
  lastActive?: Maybe<Scalars['DateTime']['output']>;
  /** One point per bucket, zero-filled (`queryCount` 0, `lastActive` null). */
  points: Array<ActivityPoint>;
  /** Queries over the window: the sum of the points. */
  queryCount: Scalars['Int']['output'];
};

/** How the values of one metric in one bucket are combined. */
export type Aggregation =
  /** Mean (0 for an empty bucket). */
  | 'AVG'
  /** Number of values (0 for an empty bucket). */
  | 'COUNT'
  /** Maximum (null for an empty bucket). */
  | 'MAX'
  /** Minimum (null for an empty bucket). */
  | 'MIN'
  /** Sum (0 for an empty bucket). */
  | 'SUM';

/** A bucket of the local calendar in a time zone. */
export type CalendarBucket =
  /** One local date, from its first instant (23, 24 or 25 hours across DST). */
  | 'DAY'
  /** One local hour: 3600 s from a local-hour boundary (a repeated hour appears twice, a skipped one not at all). */
  | 'HOUR'
  /** One calendar month, from the 1st 00:00 local. */
  | 'MONTH'
  /** One ISO week, from Monday 00:00 local. */
  | 'WEEK';

/** Call metrics of one time bucket. */
export type CallBucket = {
  __typename?: 'CallBucket';
  /** Calls that started in the bucket. */
  count: Scalars['Int']['output'];
  /** End of the bucket (excluded): start + granularity. */
  end: Scalars['DateTime']['output'];
  /** The requested call metrics in a fixed order: metrics, then each one's aggregations (enum order), then its percentiles (ascending). */
  metrics: Array<MetricValue>;
  /** Start of the bucket (included). The first bucket may start before the range. */
  start: Scalars['DateTime']['output'];
};

/** A page of call buckets. */
export type CallBucketConnection = {
  __typename?: 'CallBucketConnection';
  /** The page's edges. */
  edges: Array<CallBucketEdge>;
  /** The page's nodes (the same as `edges.node`). */
  nodes: Array<CallBucket>;
  /** Paging information (forward only). */
  pageInfo: PageInfo;
  /** Buckets across all pages. */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** An edge of `CallBucketConnection`. */
export type CallBucketEdge = {
  __typename?: 'CallBucketEdge';
  /** Opaque cursor; bound to the field, its arguments and the resolved range. */
  cursor: Scalars['String']['output'];
  /** The bucket. */
  node: CallBucket;
};

/** Call metrics of every bucket as columns (entry `i` of each list is bucket `i`, in time order). */
export type CallColumns = {
  __typename?: 'CallColumns';
  /** Calls that started in each bucket. */
  count: Array<Scalars['Int']['output']>;
  /** Bucket ends (excluded): start + granularity. */
  end: Array<Scalars['DateTime']['output']>;
  /** The requested call metrics in the order of `CallBucket.metrics`. */
  metrics: Array<MetricColumn>;
  /** Bucket starts (included). */
  start: Array<Scalars['DateTime']['output']>;
};

/** What `callCountsByLabel` splits API call counts by. */
export type CallCountLabel =
  /** One series per account (email or name, depending on the account type). */
  | 'ACCOUNTS'
  /** Active chat sessions per organization. */
  | 'CHAT'
  /** One series per database created or deleted; `dbId` is set. */
  | 'DBS'
  /** One series per endpoint group (e.g. `USERINTERACTION`). */
  | 'ENDPOINTS'
  /** LLM usage per organization (one series per model). */
  | 'LLM'
  /** One series per recommendation type. */
  | 'RECO_TYPES'
  /** One series per recommendation type and scenario name. */
  | 'SCENARIOS';

/** Which calls to count. Every list given must match; omitted fields do not filter. */
export type CallFilterInput = {
  /** Call ids. */
  callIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Input object refs. */
  inputRefs?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Operation names. */
  opNames?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Output object refs. */
  outputRefs?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Parent call ids. */
  parentIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Thread ids. */
  threadIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Trace ids. */
  traceIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Only calls that start a trace. */
  traceRootsOnly?: InputMaybe<Scalars['Boolean']['input']>;
  /** Turn ids. */
  turnIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** W&B run ids. */
  wbRunIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** W&B user ids. */
  wbUserIds?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** A call metric, reported per bucket. */
export type CallMetric =
  /** 1 per call (its SUM is the number of calls). */
  | 'CALL_COUNT'
  /** 1 per failed call (its SUM is the number of errors). */
  | 'ERROR_COUNT'
  /** Call latency in milliseconds. */
  | 'LATENCY_MS';

/** A call metric to compute. */
export type CallMetricInput = {
  /** Aggregations to compute. Default `[SUM]`; `[]` with percentiles computes only the percentiles. */
  aggregations?: InputMaybe<Array<Aggregation>>;
  /** The metric. */
  metric: CallMetric;
  /** Percentiles to compute, each from 0 to 100 (e.g. 95, 99.9). Never averaged across buckets. */
  percentiles?: InputMaybe<Array<Scalars['Float']['input']>>;
};

/** Bucketed call statistics of one project over one range. */
export type CallStats = {
  __typename?: 'CallStats';
  /** Call buckets, dense, in time order. Empty when no call metrics were asked for. `first` defaults to 1,000, at most 10,000. */
  callBuckets: CallBucketConnection;
  /**
   * The call buckets of the whole range as columns, for charts: one list per field, entry `i` of
   * every list is bucket `i`. The same data as `callBuckets` without a key per value or paging:
   * about a third of the bytes, several times cheaper to serialize and to parse.
   */
  callColumns: CallColumns;
  /** The range asked of the upstream. */
  effectiveRange: EffectiveRange;
  /** End of the range the upstream resolved (UTC, excluded). */
  end: Scalars['DateTime']['output'];
  /** Bucket size in seconds actually used (the upstream may raise it to keep at most 10,000 buckets). */
  granularity: Scalars['Int']['output'];
  /** Models with usage in the range, sorted (empty when no usage metrics were asked for). */
  models: Array<Scalars['String']['output']>;
  /** Start of the range the upstream resolved (UTC). */
  start: Scalars['DateTime']['output'];
  /** Time zone the upstream labelled buckets in. */
  timezone: Scalars['String']['output'];
  /** Usage buckets, one per (bucket, model), ordered by time then model. Empty when no usage metrics were asked for. `first` defaults to 1,000, at most 10,000. */
  usageBuckets: UsageBucketConnection;
  /**
   * The usage buckets of the whole range as columns: one time axis and, per model, one list per
   * value aligned with it (a model without a row in a bucket has count 0 and null values there).
   */
  usageColumns: UsageColumns;
};


/** Bucketed call statistics of one project over one range. */
export type CallStatsCallBucketsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Bucketed call statistics of one project over one range. */
export type CallStatsUsageBucketsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  model?: InputMaybe<Scalars['String']['input']>;
};


/** Bucketed call statistics of one project over one range. */
export type CallStatsUsageColumnsArgs = {
  model?: InputMaybe<Scalars['String']['input']>;
};

/** The call-stats part of a cost report. */
export type CallStatsCostInput = {
  /** Which calls to count (default: all). */
  filter?: InputMaybe<CallFilterInput>;
  /** The project, `entity/project`, e.g. `acme/support-bot`. */
  projectId: Scalars['String']['input'];
};

/** A backend's circuit breaker (BREAKER_FAILURES, BREAKER_OPEN_MS). */
export type CircuitState =
  /** Calls go out normally. */
  | 'CLOSED'
  /** The open time has passed: the next call is a probe that closes or reopens the circuit. */
  | 'HALF_OPEN'
  /** After consecutive failures: the backend's fields fail at once with UPSTREAM_UNAVAILABLE. */
  | 'OPEN';

/** One bucket of a cost series. */
export type CostPoint = {
  __typename?: 'CostPoint';
  /** Cost in the bucket, exact; zero when the upstream reported nothing for it. */
  cost: Money;
  /** First instant after the bucket. */
  end: Scalars['DateTime']['output'];
  /** First instant of the bucket (UTC). */
  start: Scalars['DateTime']['output'];
  /** Tokens in the bucket, when the upstream reports them. */
  tokens?: Maybe<Scalars['Float']['output']>;
};

/** The cost of the selected sources on one local calendar. */
export type CostReport = {
  __typename?: 'CostReport';
  /** The calendar bucket. */
  bucket: CalendarBucket;
  /** Every bucket of the calendar in order, zero where no source had cost. */
  buckets: Array<CostReportBucket>;
  /** The range widened outward to whole local buckets: exactly the union of `buckets`. */
  effectiveRange: EffectiveRange;
  /** One series per source that answered (key: the `Source` name), one point per bucket, in `Source` order. */
  series: Array<CostSeries>;
  /** One status per included source, in `Source` order. */
  sources: Array<CostReportSourceStatus>;
  /** The time zone as given (case-normalized; aliases such as `Asia/Calcutta` stay as given). */
  timezone: Scalars['String']['output'];
  /** The exact sum over the sources that answered. Sources observing the same calls are each counted. */
  total: Money;
};

/** One bucket of a cost report. */
export type CostReportBucket = {
  __typename?: 'CostReportBucket';
  /** One entry per source that answered (zero when it had nothing in the bucket), in `Source` order; a FAILED source has none. */
  bySource: Array<SourceCost>;
  /** First instant after the bucket (UTC). */
  end: Scalars['DateTime']['output'];
  /** First instant of the bucket (UTC). */
  start: Scalars['DateTime']['output'];
  /** The exact sum of `bySource`. */
  total: Money;
};

/** How one included source answered a cost report. */
export type CostReportSourceStatus = {
  __typename?: 'CostReportSourceStatus';
  /** The error code when FAILED (e.g. `UPSTREAM_UNAVAILABLE`, `FORBIDDEN`); null otherwise. */
  code?: Maybe<Scalars['String']['output']>;
  /** Why the source is APPROXIMATE or FAILED; null when EXACT. */
  reason?: Maybe<Scalars['String']['output']>;
  /** The source. */
  source: Source;
  /** EXACT, APPROXIMATE or FAILED. */
  status: CostReportStatus;
};

/**
 * The sources of a cost report: each source that can report cost adds its own field. A source is
 * included when its field is given (not null).
 */
export type CostReportSources = {
  /**
   * call-stats: the `total_cost` of every model of one project. The report asks for fixed buckets
   * fine enough to fall inside the local ones (3600 s, or 900 s where the zone's offset is not a
   * whole hour), in calls of at most 31 days, and sums them exactly: EXACT.
   */
  callStats?: InputMaybe<CallStatsCostInput>;
  /**
   * Ejento: the cost of one entity, or of the whole organization with `{}`. One ranged call per
   * bucket with its exact instants, or a single native day/week/month series when every bucket is
   * exactly a UTC day, ISO week or month: EXACT.
   */
  ejento?: InputMaybe<EjentoCostInput>;
  /**
   * iblai: the cost of every user of an organization. iblai counts whole UTC days, so the report
   * asks for each UTC day whose start lies in its range (all users, every page) and counts the
   * day in the bucket holding its start: EXACT when every bucket boundary is a UTC midnight,
   * otherwise APPROXIMATE.
   */
  iblai?: InputMaybe<IblaiCostInput>;
};

/** How exactly a source's numbers fit the report's buckets. */
export type CostReportStatus =
  /** The source cannot report at the buckets' boundaries; `reason` says how its numbers were attributed. */
  | 'APPROXIMATE'
  /** Every bucket holds exactly the source's cost of that bucket. */
  | 'EXACT'
  /** The source did not answer; `code` and `reason` say why. It is left out of every sum. */
  | 'FAILED';

/** A cost time series: of one entity, of an organization, or of one source in a cost report. */
export type CostSeries = {
  __typename?: 'CostSeries';
  /** ISO 4217 code of every amount: `USD`. */
  currency: Scalars['String']['output'];
  /** The window asked of the upstream (in a `CostReport`, the report's `effectiveRange`). */
  effectiveRange: EffectiveRange;
  /** Stable key of the series, e.g. `PROJECT:3` or `ORGANIZATION`; in a `CostReport`, the `Source` name. */
  key: Scalars['String']['output'];
  /** Human label (the entity's name); null when unknown. */
  label?: Maybe<Scalars['String']['output']>;
  /**
   * One point per bucket, from the bucket containing the window's start to the bucket containing
   * its last instant, zero-filled. Without `bucket`, a single point spanning the whole window.
   */
  points: Array<CostPoint>;
  /** The backend the series comes from. */
  source: Source;
  /** Total over the window: the exact sum of the points. */
  total: Money;
  /** Total tokens over the window, when reported. */
  totalTokens?: Maybe<Scalars['Float']['output']>;
};

/** One bucket of a count series: `count` calls in `[timestamp, end)`. */
export type CountPoint = {
  __typename?: 'CountPoint';
  /** Calls counted in the bucket. */
  count: Scalars['Float']['output'];
  /** End of the bucket (excluded). */
  end: Scalars['DateTime']['output'];
  /** Start of the bucket (included). */
  timestamp: Scalars['DateTime']['output'];
};

/**
 * A time series of counts. Each point is a bucket with an explicit start and end, so merged
 * buckets are never mistaken for raw samples.
 */
export type CountSeries = {
  __typename?: 'CountSeries';
  /** True when the upstream merged raw points into 100 equal buckets. */
  aggregated: Scalars['Boolean']['output'];
  /** Width of each point in seconds: 3600 for raw hourly points; the bucket width when aggregated; null when unknown. */
  bucketSeconds?: Maybe<Scalars['Float']['output']>;
  /** Database id (label `DBS`); null otherwise. */
  dbId?: Maybe<Scalars['String']['output']>;
  /** The upstream's description of the series; null when it gives none. */
  description?: Maybe<Scalars['String']['output']>;
  /** The range the upstream was asked for (null where a series is not derived from a `TimeRange`). */
  effectiveRange?: Maybe<EffectiveRange>;
  /** The series key within its label (an email, an endpoint group, …); null for an unsplit series. */
  key?: Maybe<Scalars['String']['output']>;
  /** The buckets, oldest first. */
  points: Array<CountPoint>;
  /** Sum of every point's count. */
  total: Scalars['Float']['output'];
  /** Warnings from the upstream about these numbers (e.g. that points were aggregated). */
  warnings: Array<Scalars['String']['output']>;
};

/** A page of count series (one per key of a label), all on the same timestamp axis. */
export type CountSeriesConnection = {
  __typename?: 'CountSeriesConnection';
  /** The page's edges. */
  edges: Array<CountSeriesEdge>;
  /** The range the upstream was asked for. */
  effectiveRange: EffectiveRange;
  /** The page's nodes (the same as `edges.node`). */
  nodes: Array<CountSeries>;
  /** Paging information (forward only: `hasPreviousPage` is always false). */
  pageInfo: PageInfo;
  /** Always null: the upstream does not report how many series exist. */
  totalCount?: Maybe<Scalars['Int']['output']>;
  /** Warnings from the upstream about this page (e.g. that points were aggregated). */
  warnings: Array<Scalars['String']['output']>;
};

/** An edge of `CountSeriesConnection`. */
export type CountSeriesEdge = {
  __typename?: 'CountSeriesEdge';
  /** Opaque cursor of this edge; bound to the field, its label and range arguments, and carrying the resolved range. */
  cursor: Scalars['String']['output'];
  /** The series. */
  node: CountSeries;
};

/** One bucket of a document-count series. */
export type DocumentCountPoint = {
  __typename?: 'DocumentCountPoint';
  /** Documents Ejento reports for the bucket; zero when it reported nothing for it. */
  documentCount: Scalars['Int']['output'];
  /** First instant after the bucket. */
  end: Scalars['DateTime']['output'];
  /** First instant of the bucket (UTC). */
  start: Scalars['DateTime']['output'];
};

/**
 * Document counts per calendar bucket. Document counts are not added up over buckets (the same
 * documents are counted in every bucket they were used in), so the series has no total.
 */
export type DocumentCountSeries = {
  __typename?: 'DocumentCountSeries';
  /** The window asked of Ejento. */
  effectiveRange: EffectiveRange;
  /** Stable key of the series, e.g. `PROJECT:3`, `CORPUS:1` or `ORGANIZATION`. */
  key: Scalars['String']['output'];
  /** Human label (the entity's name); null when unknown. */
  label?: Maybe<Scalars['String']['output']>;
  /** One point per bucket, zero-filled (see `CostSeries.points`). */
  points: Array<DocumentCountPoint>;
};

/**
 * The range actually asked of the upstream after translating a `TimeRange` to its time model
 * (for example widened to whole UTC days). Half-open like `TimeRange`.
 */
export type EffectiveRange = {
  __typename?: 'EffectiveRange';
  /** First instant excluded. */
  end: Scalars['DateTime']['output'];
  /** First instant included. */
  start: Scalars['DateTime']['output'];
};

/** The calendar bucket of an Ejento time series, in UTC. */
export type EjentoBucket =
  /** One UTC day. */
  | 'DAY'
  /** One calendar month, from the 1st 00:00 UTC. */
  | 'MONTH'
  /** One ISO week, Monday 00:00 UTC to the next Monday. */
  | 'WEEK';

/** An Ejento corpus (a document collection). */
export type EjentoCorpus = {
  __typename?: 'EjentoCorpus';
  /** Documents in the corpus (rows for the window). */
  documentCount?: Maybe<Scalars['Int']['output']>;
  /** `documentCount` per calendar bucket. */
  documentCountSeries?: Maybe<DocumentCountSeries>;
  /** The corpus's Ejento id. */
  id: Scalars['ID']['output'];
  /** Document counts per indexing mode. */
  indexingModes?: Maybe<Array<IndexingModeCount>>;
  /** `indexingModes` per calendar bucket. */
  indexingModesSeries?: Maybe<IndexingModesSeries>;
  /** The corpus's name; null when Ejento returned no row for it. */
  name?: Maybe<Scalars['String']['output']>;
};


/** An Ejento corpus (a document collection). */
export type EjentoCorpusDocumentCountArgs = {
  window?: InputMaybe<EjentoWindow>;
};


/** An Ejento corpus (a document collection). */
export type EjentoCorpusDocumentCountSeriesArgs = {
  bucket: EjentoBucket;
  window?: InputMaybe<EjentoWindow>;
};


/** An Ejento corpus (a document collection). */
export type EjentoCorpusIndexingModesArgs = {
  window?: InputMaybe<EjentoWindow>;
};


/** An Ejento corpus (a document collection). */
export type EjentoCorpusIndexingModesSeriesArgs = {
  bucket: EjentoBucket;
  window?: InputMaybe<EjentoWindow>;
};

/**
 * The Ejento part of a cost report: `scope` and `id` together name one entity; neither (`{}`)
 * means the whole organization.
 */
export type EjentoCostInput = {
  /** The entity's Ejento id (with `scope`), e.g. `"3"`. */
  id?: InputMaybe<Scalars['ID']['input']>;
  /** What kind of entity `id` names (with `id`). */
  scope?: InputMaybe<EjentoScope>;
};

/**
 * An Ejento agent, project, team or user. Metric fields are nullable: one failed upstream call
 * nulls only the fields it feeds. An entity without data in a window gets zero values, not an
 * error. `window` omitted = `lastDays: 30`.
 */
export type EjentoEntity = {
  __typename?: 'EjentoEntity';
  /** Query count and last activity over the window (Ejento's most-active data). */
  activity?: Maybe<EntityActivity>;
  /** `activity` per calendar bucket (Ejento's most-active rows with `time_series=true`). */
  activitySeries?: Maybe<ActivitySeries>;
  /** Cost over the window, optionally per calendar bucket. */
  costs?: Maybe<CostSeries>;
  /** When the entity was created (Ejento's recent data); null when unknown. */
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  /** Documents in the corpora the entity used in the window. */
  documentCount?: Maybe<Scalars['Int']['output']>;
  /** `documentCount` per calendar bucket. */
  documentCountSeries?: Maybe<DocumentCountSeries>;
  /** The entity's Ejento id. */
  id: Scalars['ID']['output'];
  /** Document counts per indexing mode. */
  indexingModes?: Maybe<Array<IndexingModeCount>>;
  /** `indexingModes` per calendar bucket. */
  indexingModesSeries?: Maybe<IndexingModesSeries>;
  /** When the entity was last used (Ejento's recent data); null when unknown. */
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The entity's name; null when Ejento returned no row for it. */
  name?: Maybe<Scalars['String']['output']>;
  /** Number of queries over the window, optionally per calendar bucket. */
  queryCount?: Maybe<CountSeries>;
  /** What kind of entity this is. */
  scope: EjentoScope;
  /** Summary statistics over the window. */
  summary?: Maybe<EntitySummary>;
  /** `summary` per calendar bucket (Ejento's summary rows with `time_series=true`). */
  summarySeries?: Maybe<EntitySummarySeries>;
  /** Token usage over the window, optionally per calendar bucket. */
  tokens?: Maybe<TokenSeries>;
  /** Votes over the window, optionally per calendar bucket. */
  votes?: Maybe<VoteSeries>;
};


/**
 * An Ejento agent, project, team or user. Metric fields are nullable: one failed upstream call
 * nulls only the fields it feeds. An entity without data in a window gets zero values, not an
 * error. `window` omitted = `lastDays: 30`.
 */
export type EjentoEntityActivityArgs = {
  window?: InputMaybe<EjentoWindow>;
};


/**
 * An Ejento agent, project, team or user. Metric fields are nullable: one failed upstream call
 * nulls only the fields it feeds. An entity without data in a window gets zero values, not an
 * error. `window` omitted = `lastDays: 30`.
 */
export type EjentoEntityActivitySeriesArgs = {
  bucket: EjentoBucket;
  window?: InputMaybe<EjentoWindow>;
};


/**
 * An Ejento agent, project, team or user. Metric fields are nullable: one failed upstream call
 * nulls only the fields it feeds. An entity without data in a window gets zero values, not an
 * error. `window` omitted = `lastDays: 30`.
 */
export type EjentoEntityCostsArgs = {
  bucket?: InputMaybe<EjentoBucket>;
  window?: InputMaybe<EjentoWindow>;
};


/**
 * An Ejento agent, project, team or user. Metric fields are nullable: one failed upstream call
 * nulls only the fields it feeds. An entity without data in a window gets zero values, not an
 * error. `window` omitted = `lastDays: 30`.
 */
export type EjentoEntityDocumentCountArgs = {
  window?: InputMaybe<EjentoWindow>;
};


/**
 * An Ejento agent, project, team or user. Metric fields are nullable: one failed upstream call
 * nulls only the fields it feeds. An entity without data in a window gets zero values, not an
 * error. `window` omitted = `lastDays: 30`.
 */
export type EjentoEntityDocumentCountSeriesArgs = {
  bucket: EjentoBucket;
  window?: InputMaybe<EjentoWindow>;
};


/**
 * An Ejento agent, project, team or user. Metric fields are nullable: one failed upstream call
 * nulls only the fields it feeds. An entity without data in a window gets zero values, not an
 * error. `window` omitted = `lastDays: 30`.
 */
export type EjentoEntityIndexingModesArgs = {
  window?: InputMaybe<EjentoWindow>;
};


/**
 * An Ejento agent, project, team or user. Metric fields are nullable: one failed upstream call
 * nulls only the fields it feeds. An entity without data in a window gets zero values, not an
 * error. `window` omitted = `lastDays: 30`.
 */
export type EjentoEntityIndexingModesSeriesArgs = {
  bucket: EjentoBucket;
  window?: InputMaybe<EjentoWindow>;
};


/**
 * An Ejento agent, project, team or user. Metric fields are nullable: one failed upstream call
 * nulls only the fields it feeds. An entity without data in a window gets zero values, not an
 * error. `window` omitted = `lastDays: 30`.
 */
export type EjentoEntityQueryCountArgs = {
  bucket?: InputMaybe<EjentoBucket>;
  window?: InputMaybe<EjentoWindow>;
};


/**
 * An Ejento agent, project, team or user. Metric fields are nullable: one failed upstream call
 * nulls only the fields it feeds. An entity without data in a window gets zero values, not an
 * error. `window` omitted = `lastDays: 30`.
 */
export type EjentoEntitySummaryArgs = {
  window?: InputMaybe<EjentoWindow>;
};


/**
 * An Ejento agent, project, team or user. Metric fields are nullable: one failed upstream call
 * nulls only the fields it feeds. An entity without data in a window gets zero values, not an
 * error. `window` omitted = `lastDays: 30`.
 */
export type EjentoEntitySummarySeriesArgs = {
  bucket: EjentoBucket;
  window?: InputMaybe<EjentoWindow>;
};


/**
 * An Ejento agent, project, team or user. Metric fields are nullable: one failed upstream call
 * nulls only the fields it feeds. An entity without data in a window gets zero values, not an
 * error. `window` omitted = `lastDays: 30`.
 */
export type EjentoEntityTokensArgs = {
  bucket?: InputMaybe<EjentoBucket>;
  window?: InputMaybe<EjentoWindow>;
};


/**
 * An Ejento agent, project, team or user. Metric fields are nullable: one failed upstream call
 * nulls only the fields it feeds. An entity without data in a window gets zero values, not an
 * error. `window` omitted = `lastDays: 30`.
 */
export type EjentoEntityVotesArgs = {
  bucket?: InputMaybe<EjentoBucket>;
  window?: InputMaybe<EjentoWindow>;
};

/** Organization-wide Ejento analytics. `window` omitted = `lastDays: 30`. */
export type EjentoOrganization = {
  __typename?: 'EjentoOrganization';
  /**
   * Corpora: those named by `ids` (in that order), or without `ids` the ones with the most
   * documents in the window (one ids-less call, entries in the upstream's order). Without `ids`
   * every row must carry its `corpus_id`: rows without one fail the field with
   * UPSTREAM_BAD_RESPONSE; `corpusRanking` is the tolerant sibling.
   */
  corpora?: Maybe<Array<EjentoCorpus>>;
  /**
   * The corpora with the most documents in the window: the same one upstream call as `corpora`
   * without `ids` (shared when both are asked), as entries that tolerate rows without
   * `corpus_id` (then `id` and `corpus` are null).
   */
  corpusRanking?: Maybe<Array<RankedCorpus>>;
  /** Cost of the whole organization, optionally per calendar bucket. */
  costs?: Maybe<CostSeries>;
  /** Documents of the organization. */
  documentCount?: Maybe<Scalars['Int']['output']>;
  /** `documentCount` per calendar bucket. */
  documentCountSeries?: Maybe<DocumentCountSeries>;
  /** How many entities of each kind exist. */
  entityCounts?: Maybe<EntityCounts>;
  /** Document counts per indexing mode. */
  indexingModes?: Maybe<Array<IndexingModeCount>>;
  /** `indexingModes` per calendar bucket. */
  indexingModesSeries?: Maybe<IndexingModesSeries>;
  /** The entities of a scope with the most queries in the window. */
  mostActive?: Maybe<Array<ActiveEntity>>;
  /** Queries of the whole organization. */
  queryCount?: Maybe<CountSeries>;
  /**
   * The same ranking as `topEntities` (the same one upstream call, shared when both are asked),
   * as entries that tolerate rows without `<e>_id`: such an entry has `id` and `entity` null,
   * and keeps its name and value.
   */
  ranking?: Maybe<Array<RankedEntity>>;
  /** The most recently used entities of a scope. */
  recent?: Maybe<Array<RecentEntity>>;
  /** Overall summary statistics. */
  summary?: Maybe<OrganizationSummary>;
  /** `summary` per calendar bucket, assembled from the metric lists that feed it (see `OrganizationSummarySeries`). */
  summarySeries?: Maybe<OrganizationSummarySeries>;
  /** Token usage of the whole organization. */
  tokens?: Maybe<TokenSeries>;
  /**
   * The entities of a scope ranked by a metric in the window (no ids needed): ONE upstream call
   * to that metric's endpoint without ids and with `limit`, entries in the upstream's order.
   * Their metric fields batch like any other entity's, and the ranking metric over the same
   * window costs no second call. Every row must carry its `<e>_id`: rows without one fail the
   * field with UPSTREAM_BAD_RESPONSE; `ranking` is the tolerant sibling.
   */
  topEntities?: Maybe<Array<EjentoEntity>>;
  /** Votes of the whole organization. */
  votes?: Maybe<VoteSeries>;
};


/** Organization-wide Ejento analytics. `window` omitted = `lastDays: 30`. */
export type EjentoOrganizationCorporaArgs = {
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  window?: InputMaybe<EjentoWindow>;
};


/** Organization-wide Ejento analytics. `window` omitted = `lastDays: 30`. */
export type EjentoOrganizationCorpusRankingArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  window?: InputMaybe<EjentoWindow>;
};


/** Organization-wide Ejento analytics. `window` omitted = `lastDays: 30`. */
export type EjentoOrganizationCostsArgs = {
  bucket?: InputMaybe<EjentoBucket>;
  window?: InputMaybe<EjentoWindow>;
};


/** Organization-wide Ejento analytics. `window` omitted = `lastDays: 30`. */
export type EjentoOrganizationDocumentCountArgs = {
  window?: InputMaybe<EjentoWindow>;
};


/** Organization-wide Ejento analytics. `window` omitted = `lastDays: 30`. */
export type EjentoOrganizationDocumentCountSeriesArgs = {
  bucket: EjentoBucket;
  window?: InputMaybe<EjentoWindow>;
};


/** Organization-wide Ejento analytics. `window` omitted = `lastDays: 30`. */
export type EjentoOrganizationIndexingModesArgs = {
  window?: InputMaybe<EjentoWindow>;
};


/** Organization-wide Ejento analytics. `window` omitted = `lastDays: 30`. */
export type EjentoOrganizationIndexingModesSeriesArgs = {
  bucket: EjentoBucket;
  window?: InputMaybe<EjentoWindow>;
};


/** Organization-wide Ejento analytics. `window` omitted = `lastDays: 30`. */
export type EjentoOrganizationMostActiveArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  scope: EjentoScope;
  window?: InputMaybe<EjentoWindow>;
};


/** Organization-wide Ejento analytics. `window` omitted = `lastDays: 30`. */
export type EjentoOrganizationQueryCountArgs = {
  bucket?: InputMaybe<EjentoBucket>;
  window?: InputMaybe<EjentoWindow>;
};


/** Organization-wide Ejento analytics. `window` omitted = `lastDays: 30`. */
export type EjentoOrganizationRankingArgs = {
  by?: InputMaybe<EjentoRanking>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  scope: EjentoScope;
  window?: InputMaybe<EjentoWindow>;
};


/** Organization-wide Ejento analytics. `window` omitted = `lastDays: 30`. */
export type EjentoOrganizationRecentArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  scope: EjentoScope;
  window?: InputMaybe<EjentoWindow>;
};


/** Organization-wide Ejento analytics. `window` omitted = `lastDays: 30`. */
export type EjentoOrganizationSummaryArgs = {
  window?: InputMaybe<EjentoWindow>;
};


/** Organization-wide Ejento analytics. `window` omitted = `lastDays: 30`. */
export type EjentoOrganizationSummarySeriesArgs = {
  bucket: EjentoBucket;
  window?: InputMaybe<EjentoWindow>;
};


/** Organization-wide Ejento analytics. `window` omitted = `lastDays: 30`. */
export type EjentoOrganizationTokensArgs = {
  bucket?: InputMaybe<EjentoBucket>;
  window?: InputMaybe<EjentoWindow>;
};


/** Organization-wide Ejento analytics. `window` omitted = `lastDays: 30`. */
export type EjentoOrganizationTopEntitiesArgs = {
  by?: InputMaybe<EjentoRanking>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  scope: EjentoScope;
  window?: InputMaybe<EjentoWindow>;
};


/** Organization-wide Ejento analytics. `window` omitted = `lastDays: 30`. */
export type EjentoOrganizationVotesArgs = {
  bucket?: InputMaybe<EjentoBucket>;
  window?: InputMaybe<EjentoWindow>;
};

/**
 * The metric an ids-less Ejento list is ranked by: the metric endpoint it is fetched from, asked
 * without ids and with `limit` (Ejento's top-N). Entries stay in the upstream's order.
 */
export type EjentoRanking =
  /** Ejento's `costs` (the cost in the window). */
  | 'COST'
  /** Ejento's `query-count` (queries in the window). */
  | 'QUERIES'
  /** Ejento's `tokens` (token usage in the window). */
  | 'TOKENS'
  /** Ejento's `votes`, in the upstream's own order (the gateway does not re-rank). */
  | 'VOTES';

/** The kind of Ejento entity. */
export type EjentoScope =
  /** An agent (a configured assistant). */
  | 'AGENT'
  /** A project (groups agents). */
  | 'PROJECT'
  /** A team (groups projects and users). */
  | 'TEAM'
  /** A user. */
  | 'USER';

/**
 * The time window of an Ejento metric: exactly one of `lastDays` or `range`. When the argument is
 * omitted the window is `lastDays: 30`.
 */
export type EjentoWindow =
  /** The last N days: from 00:00 UTC N days before today until now (Ejento's `type=fixed`). 1 to 3650. */
  { lastDays: Scalars['Int']['input']; range?: never; }
  |  /**
   * A half-open range `[start, end)`, passed to Ejento exactly (datetimes; Ejento's datetime
   * `end_date` is exclusive). `end` defaults to now.
   */
  { lastDays?: never; range: TimeRange; };

/** Query count and last activity of one entity over a window. */
export type EntityActivity = {
  __typename?: 'EntityActivity';
  /** The last query in the window; null when none. */
  lastActive?: Maybe<Scalars['DateTime']['output']>;
  /** Queries in the window. */
  queryCount: Scalars['Int']['output'];
};

/** How many entities of each kind the organization has. */
export type EntityCounts = {
  __typename?: 'EntityCounts';
  /** Agents. */
  agents: Scalars['Int']['output'];
  /** Corpora (document collections). */
  corpora: Scalars['Int']['output'];
  /** Projects. */
  projects: Scalars['Int']['output'];
  /** Teams. */
  teams: Scalars['Int']['output'];
  /** Users. */
  users: Scalars['Int']['output'];
};

/** Summary statistics of one entity over a window. */
export type EntitySummary = {
  __typename?: 'EntitySummary';
  /** Distinct active users; null when Ejento does not report it. */
  activeUsers?: Maybe<Scalars['Int']['output']>;
  /** Documents in the corpora the entity used. */
  documentCount: Scalars['Int']['output'];
  /** Downvotes. */
  downvotes: Scalars['Int']['output'];
  /** Cost, exact. */
  totalCost: Money;
  /** Queries (agent responses). */
  totalQueries: Scalars['Int']['output'];
  /** Tokens used. */
  totalTokens: Scalars['Float']['output'];
  /** Upvotes. */
  upvotes: Scalars['Int']['output'];
};

/** One bucket of an entity's summary series. */
export type EntitySummaryPoint = {
  __typename?: 'EntitySummaryPoint';
  /** Distinct active users; null when Ejento reports it for no bucket of the series (then 0 in zero-filled buckets once it does). */
  activeUsers?: Maybe<Scalars['Int']['output']>;
  /** Documents in the corpora the entity used in the bucket. */
  documentCount: Scalars['Int']['output'];
  /** Downvotes. */
  downvotes: Scalars['Int']['output'];
  /** First instant after the bucket. */
  end: Scalars['DateTime']['output'];
  /** First instant of the bucket (UTC). */
  start: Scalars['DateTime']['output'];
  /** Cost, exact. */
  totalCost: Money;
  /** Queries (agent responses). */
  totalQueries: Scalars['Int']['output'];
  /** Tokens used. */
  totalTokens: Scalars['Float']['output'];
  /** Upvotes. */
  upvotes: Scalars['Int']['output'];
};

/**
 * An entity's summary statistics per calendar bucket, from Ejento's summary rows with
 * `time_series=true` (one row per entity and bucket).
 */
export type EntitySummarySeries = {
  __typename?: 'EntitySummarySeries';
  /** The window asked of Ejento. */
  effectiveRange: EffectiveRange;
  /** Stable key of the series, e.g. `TEAM:2`. */
  key: Scalars['String']['output'];
  /** Human label (the entity's name); null when unknown. */
  label?: Maybe<Scalars['String']['output']>;
  /** One point per bucket, zero-filled (see `CostSeries.points`). */
  points: Array<EntitySummaryPoint>;
};

/** What this gateway instance serves. */
export type GatewayInfo = {
  __typename?: 'GatewayInfo';
  /** The sources with a configured backend. */
  configuredSources: Array<Source>;
  /** True when the gateway serves built-in simulated backends (demo data), not real ones. */
  demo: Scalars['Boolean']['output'];
  /** Every backend, configured or not, with its circuit breaker's state now. */
  sources: Array<SourceStatus>;
  /** The gateway's version. */
  version: Scalars['String']['output'];
};

/** The iblai part of a cost report. */
export type IblaiCostInput = {
  /** The organization (tenant) key, e.g. `main`. */
  org: Scalars['String']['input'];
  /** Username of the admin on whose behalf iblai answers (iblai checks that user's rights). */
  userId: Scalars['String']['input'];
};

/** How many documents are indexed in one indexing mode. */
export type IndexingModeCount = {
  __typename?: 'IndexingModeCount';
  /** Count Ejento reports for the mode. */
  count: Scalars['Int']['output'];
  /** Ejento's indexing mode, e.g. `semantic`, `hybrid`, `keyword`. */
  mode: Scalars['String']['output'];
};

/** One bucket of an indexing-mode series. */
export type IndexingModesPoint = {
  __typename?: 'IndexingModesPoint';
  /** First instant after the bucket. */
  end: Scalars['DateTime']['output'];
  /** Counts per indexing mode in the bucket, largest first; empty when Ejento reported nothing for it. */
  modes: Array<IndexingModeCount>;
  /** First instant of the bucket (UTC). */
  start: Scalars['DateTime']['output'];
};

/** Document counts per indexing mode per calendar bucket (no total, as `DocumentCountSeries`). */
export type IndexingModesSeries = {
  __typename?: 'IndexingModesSeries';
  /** The window asked of Ejento. */
  effectiveRange: EffectiveRange;
  /** Stable key of the series, e.g. `AGENT:1`, `CORPUS:2` or `ORGANIZATION`. */
  key: Scalars['String']['output'];
  /** Human label (the entity's name); null when unknown. */
  label?: Maybe<Scalars['String']['output']>;
  /** One point per bucket, zero-filled (an empty `modes` list). */
  points: Array<IndexingModesPoint>;
};

/** Mentor statistics of an organization. */
export type MentorSummary = {
  __typename?: 'MentorSummary';
  /** Mentors with at least one session in iblai's window. */
  activeMentors: Scalars['Int']['output'];
  /** Number of mentors in the organization. */
  totalMentors: Scalars['Int']['output'];
  /** Questions answered in iblai's window. */
  totalQuestionsAnswered: Scalars['Int']['output'];
  /** Ratings given in iblai's window. */
  totalRatings: Scalars['Int']['output'];
};

/** One requested value (an aggregation or a percentile of one metric) in every bucket. */
export type MetricColumn = {
  __typename?: 'MetricColumn';
  /** The aggregation; null for a percentile. */
  aggregation?: Maybe<Aggregation>;
  /** Cost metrics only (not their COUNT): one exact USD amount per bucket (null where unknown); null for other metrics. */
  amounts?: Maybe<Array<Maybe<Scalars['Decimal']['output']>>>;
  /** The metric's enum name, e.g. `LATENCY_MS` or `TOTAL_COST`. */
  metric: Scalars['String']['output'];
  /** The percentile (0 to 100); null for an aggregation. */
  percentile?: Maybe<Scalars['Float']['output']>;
  /** One value per bucket; null where unknown (an empty bucket's min, max or percentile). */
  values: Array<Maybe<Scalars['Float']['output']>>;
};

/** One computed value: an aggregation or a percentile of one metric in one bucket. */
export type MetricValue = {
  __typename?: 'MetricValue';
  /** The aggregation; null for a percentile. */
  aggregation?: Maybe<Aggregation>;
  /** Cost metrics only (not their COUNT): the value as exact USD, from the upstream's float in its shortest form. */
  amount?: Maybe<Scalars['Decimal']['output']>;
  /** The metric's enum name, e.g. `LATENCY_MS` or `TOTAL_COST`. */
  metric: Scalars['String']['output'];
  /** The percentile (0 to 100); null for an aggregation. */
  percentile?: Maybe<Scalars['Float']['output']>;
  /** The value; null when unknown (an empty bucket's min, max or percentile). */
  value?: Maybe<Scalars['Float']['output']>;
};

/** The usage of one model along the time axis of its `UsageColumns`. */
export type ModelColumns = {
  __typename?: 'ModelColumns';
  /** Calls of this model that started in each bucket. */
  count: Array<Scalars['Int']['output']>;
  /** The requested usage metrics in the order of `UsageBucket.metrics`. */
  metrics: Array<MetricColumn>;
  /** The model, e.g. `gpt-4o`. */
  model: Scalars['String']['output'];
};

/** An amount of money. Every upstream reports USD. */
export type Money = {
  __typename?: 'Money';
  /** The exact amount, e.g. `"0.00150"`. */
  amount: Scalars['Decimal']['output'];
  /** ISO 4217 currency code; always `USD` today. */
  currency: Scalars['String']['output'];
};

/** Summary statistics of the whole organization over a window. */
export type OrganizationSummary = {
  __typename?: 'OrganizationSummary';
  /** Downvotes. */
  downvotes: Scalars['Int']['output'];
  /** Cost, exact. */
  totalCost: Money;
  /** Documents indexed. */
  totalDocuments: Scalars['Int']['output'];
  /** Queries (agent responses). */
  totalQueries: Scalars['Int']['output'];
  /** Tokens used. */
  totalTokens: Scalars['Float']['output'];
  /** Upvotes. */
  upvotes: Scalars['Int']['output'];
};

/** One bucket of the organization's summary series. */
export type OrganizationSummaryPoint = {
  __typename?: 'OrganizationSummaryPoint';
  /** Downvotes. */
  downvotes: Scalars['Int']['output'];
  /** First instant after the bucket. */
  end: Scalars['DateTime']['output'];
  /** First instant of the bucket (UTC). */
  start: Scalars['DateTime']['output'];
  /** Cost, exact (the organization's costs of the bucket). */
  totalCost: Money;
  /** Documents (the organization's document count of the bucket). */
  totalDocuments: Scalars['Int']['output'];
  /** Queries (Ejento's organization-wide query counts of the bucket). */
  totalQueries: Scalars['Int']['output'];
  /** Tokens (the organization's token usage of the bucket). */
  totalTokens: Scalars['Float']['output'];
  /** Upvotes (the organization's votes of the bucket). */
  upvotes: Scalars['Int']['output'];
};

/**
 * The organization's summary statistics per calendar bucket. Ejento's organization-wide summary
 * answers one object even with `time_series`, so each point is assembled from the metric lists
 * that feed the summary (costs, tokens, query-count, votes, document-count), each asked with
 * `time_series=true&bucket_type=…`: five upstream calls, shared with any other organization
 * series of the same window and bucket in the operation. If one of them fails, the series fails.
 */
export type OrganizationSummarySeries = {
  __typename?: 'OrganizationSummarySeries';
  /** The window asked of Ejento. */
  effectiveRange: EffectiveRange;
  /** `ORGANIZATION`. */
  key: Scalars['String']['output'];
  /** One point per bucket, zero-filled (see `CostSeries.points`). */
  points: Array<OrganizationSummaryPoint>;
};

/** Relay page information. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last edge, null when the page is empty. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** Whether a page follows this one (pass `endCursor` as `after` to get it). */
  hasNextPage: Scalars['Boolean']['output'];
  /** Whether a page precedes this one. Always false for forward-only connections. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first edge, null when the page is empty. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/**
 * Root of every read. Fields that reach a backend are nullable: a failing backend nulls only its
 * own fields, with an error whose `extensions` carry `code` and `source`.
 */
export type Query = {
  __typename?: 'Query';
  /**
   * API call counts of the whole organization over a time range, as a time series. Raw points are
   * hourly totals; when the range holds more than 100 hours the upstream merges them into 100
   * equal buckets (`aggregated`, `bucketSeconds`). Without `range`: the 30 days before now.
   */
  callCounts?: Maybe<CountSeries>;
  /**
   * API call counts split by a label (accounts, endpoints, …): one series per key, all on the same
   * timestamp axis. Relay paging over series (forward only): `first` defaults to 64, at most 128.
   */
  callCountsByLabel?: Maybe<CountSeriesConnection>;
  /**
   * LLM usage (tokens, cost per model) and call statistics (latency, calls, errors) of a call-stats
   * (W&B Weave) project, in fixed-size time buckets. The range is passed through as is (half-open
   * on both sides) and may span at most 31 days. Bucket size: `granularity` seconds, or chosen by
   * the upstream from the range when omitted (≤2 h → 300, ≤12 h → 3600, ≤3 d → 21600,
   * ≤14 d → 43200, else 86400); if that gives more than 10,000 buckets the upstream uses
   * `floor(rangeSeconds / 10000) + 1` instead. `CallStats.granularity` is the size actually used.
   * Fields of one operation that need the same upstream data share one upstream call.
   */
  callStats?: Maybe<CallStats>;
  /**
   * The cost of several sources on one calendar: buckets of `bucket` in `timezone` (IANA,
   * default `UTC`), widened outward to whole local buckets, every bucket gap-filled with zero.
   * Each source given in `sources` is asked as exactly as its API allows and says how exact it is
   * (`sources[].status`). A failing source is `FAILED` and left out of the sums while the others
   * answer; only when every source fails is the report null (one error per source).
   * `total` sums the selected sources: sources that observe the same calls count them twice,
   * so select one of them.
   * At most 1000 buckets and about 400 upstream calls per report (BAD_USER_INPUT before any call).
   */
  costReport?: Maybe<CostReport>;
  /**
   * Several Ejento entities of one scope, in the order of `ids` (duplicates kept). Their metric
   * fields are batched: one upstream request per (metric, window, bucket), with the ids repeated
   * (split only past EJENTO_MAX_BATCH_SIZE, default 50).
   */
  ejentoEntities?: Maybe<Array<EjentoEntity>>;
  /**
   * One Ejento entity (agent, project, team or user) by id. Nothing is fetched until you select
   * metric fields; every metric field of every entity in one operation with the same
   * (scope, metric, window, bucket) is fetched in ONE upstream request.
   */
  ejentoEntity?: Maybe<EjentoEntity>;
  /** Organization-wide Ejento analytics: totals over every entity the gateway's credentials can see. */
  ejentoOrganization?: Maybe<EjentoOrganization>;
  /** The sources this gateway has configured, and whether it serves built-in demo data. */
  gateway: GatewayInfo;
  /**
   * Mentor statistics of an organization from iblai's detail endpoint (a different window than
   * `mentorSummary`, so the numbers may differ). Example:
   *
   * ```graphql
   * {
   *   mentorDetail(org: "main", userId: "admin@main") {
   *     totalMentors activeMentors totalQuestionsAnswered totalRatings
   *   }
   * }
   * ```
   *
   * answers `{"mentorDetail": {"totalMentors": 25, "activeMentors": 18, "totalQuestionsAnswered": 0,
   * "totalRatings": 0}}` for iblai's documented example body.
   */
  mentorDetail?: Maybe<MentorSummary>;
  /** Mentor statistics of an organization (iblai's summary window). */
  mentorSummary?: Maybe<MentorSummary>;
  /** API call counts of one recommendation scenario. */
  scenarioCallCounts?: Maybe<CountSeries>;
  /**
   * LLM usage cost per user in an iblai organization over a time range, most expensive first.
   * The range is widened outward to whole UTC days (iblai counts whole days, both ends included);
   * `effectiveRange` says what was asked. Relay paging: `first` defaults to 10, at most 100.
   */
  userCosts?: Maybe<UserCostConnection>;
};


/**
 * Root of every read. Fields that reach a backend are nullable: a failing backend nulls only its
 * own fields, with an error whose `extensions` carry `code` and `source`.
 */
export type QueryCallCountsArgs = {
  range?: InputMaybe<TimeRange>;
};


/**
 * Root of every read. Fields that reach a backend are nullable: a failing backend nulls only its
 * own fields, with an error whose `extensions` carry `code` and `source`.
 */
export type QueryCallCountsByLabelArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  label: CallCountLabel;
  range?: InputMaybe<TimeRange>;
};


/**
 * Root of every read. Fields that reach a backend are nullable: a failing backend nulls only its
 * own fields, with an error whose `extensions` carry `code` and `source`.
 */
export type QueryCallStatsArgs = {
  callMetrics?: InputMaybe<Array<CallMetricInput>>;
  filter?: InputMaybe<CallFilterInput>;
  granularity?: InputMaybe<Scalars['Int']['input']>;
  projectId: Scalars['String']['input'];
  range: TimeRange;
  timezone?: InputMaybe<Scalars['String']['input']>;
  usageMetrics?: InputMaybe<Array<UsageMetricInput>>;
};


/**
 * Root of every read. Fields that reach a backend are nullable: a failing backend nulls only its
 * own fields, with an error whose `extensions` carry `code` and `source`.
 */
export type QueryCostReportArgs = {
  bucket: CalendarBucket;
  range: TimeRange;
  sources: CostReportSources;
  timezone?: InputMaybe<Scalars['String']['input']>;
};


/**
 * Root of every read. Fields that reach a backend are nullable: a failing backend nulls only its
 * own fields, with an error whose `extensions` carry `code` and `source`.
 */
export type QueryEjentoEntitiesArgs = {
  ids: Array<Scalars['ID']['input']>;
  scope: EjentoScope;
};


/**
 * Root of every read. Fields that reach a backend are nullable: a failing backend nulls only its
 * own fields, with an error whose `extensions` carry `code` and `source`.
 */
export type QueryEjentoEntityArgs = {
  id: Scalars['ID']['input'];
  scope: EjentoScope;
};


/**
 * Root of every read. Fields that reach a backend are nullable: a failing backend nulls only its
 * own fields, with an error whose `extensions` carry `code` and `source`.
 */
export type QueryMentorDetailArgs = {
  org: Scalars['String']['input'];
  userId: Scalars['String']['input'];
};


/**
 * Root of every read. Fields that reach a backend are nullable: a failing backend nulls only its
 * own fields, with an error whose `extensions` carry `code` and `source`.
 */
export type QueryMentorSummaryArgs = {
  org: Scalars['String']['input'];
  userId: Scalars['String']['input'];
};


/**
 * Root of every read. Fields that reach a backend are nullable: a failing backend nulls only its
 * own fields, with an error whose `extensions` carry `code` and `source`.
 */
export type QueryScenarioCallCountsArgs = {
  name: Scalars['String']['input'];
  range?: InputMaybe<TimeRange>;
  recoType: Scalars['String']['input'];
};


/**
 * Root of every read. Fields that reach a backend are nullable: a failing backend nulls only its
 * own fields, with an error whose `extensions` carry `code` and `source`.
 */
export type QueryUserCostsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  org: Scalars['String']['input'];
  range: TimeRange;
  userId: Scalars['String']['input'];
};

/** An entry of a corpus ranking: one row of Ejento's ids-less corpus document-count call. */
export type RankedCorpus = {
  __typename?: 'RankedCorpus';
  /** The corpus itself, for more metrics; null when Ejento's row carried no id. */
  corpus?: Maybe<EjentoCorpus>;
  /** Documents Ejento reports for the corpus in the window. */
  documentCount?: Maybe<Scalars['Int']['output']>;
  /** The corpus's id; null when Ejento's row carried none. */
  id?: Maybe<Scalars['ID']['output']>;
  /** The corpus's name; null when Ejento's row carried none. */
  name?: Maybe<Scalars['String']['output']>;
};

/** An entry of a ranking: one row of Ejento's ids-less top-N call of the ranking's metric. */
export type RankedEntity = {
  __typename?: 'RankedEntity';
  /** The entity itself, for more metrics; null when Ejento's row carried no id. */
  entity?: Maybe<EjentoEntity>;
  /** The entity's id; null when Ejento's row carried none. */
  id?: Maybe<Scalars['ID']['output']>;
  /** The entity's name; null when Ejento's row carried none. */
  name?: Maybe<Scalars['String']['output']>;
  /** What kind of entity this is. */
  scope: EjentoScope;
  /**
   * The row's value of the ranking's metric: cost in USD (as a Float; select `entity { costs }`
   * for the exact amount), total tokens, queries, or votes (upvotes + downvotes).
   */
  value?: Maybe<Scalars['Float']['output']>;
};

/** An entry of a recently-used list. */
export type RecentEntity = {
  __typename?: 'RecentEntity';
  /** When the entity was created. */
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  /** The entity itself, for more metrics (null when Ejento omitted the id). */
  entity?: Maybe<EjentoEntity>;
  /** The entity's id; null when Ejento omitted it. */
  id?: Maybe<Scalars['ID']['output']>;
  /** When the entity was last used; null when never. */
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The entity's name. */
  name?: Maybe<Scalars['String']['output']>;
  /** What kind of entity this is. */
  scope: EjentoScope;
};

/** The cost of one user session. */
export type SessionCost = {
  __typename?: 'SessionCost';
  /** The session's cost, exact. */
  cost: Money;
  /** iblai's session id. */
  sessionId: Scalars['String']['output'];
};

/** The backend a value or an error comes from. */
export type Source =
  /** API call-count time series. */
  | 'CALL_COUNTS'
  /** POST /calls/stats: token/cost usage and call latency buckets. */
  | 'CALL_STATS'
  /** Ejento v2 analytics: cost, tokens, queries, votes and documents per entity. */
  | 'EJENTO'
  /** iblai ai-analytics (ibl-data-manager): LLM cost per user, mentor statistics. */
  | 'IBLAI';

/** One source's cost in one bucket. */
export type SourceCost = {
  __typename?: 'SourceCost';
  /** Its cost in the bucket, exact. */
  cost: Money;
  /** The source. */
  source: Source;
};

/** One backend as this gateway sees it now. */
export type SourceStatus = {
  __typename?: 'SourceStatus';
  /** The backend's circuit breaker; null when the backend is not configured. */
  circuit?: Maybe<CircuitState>;
  /** Whether this gateway has the backend configured (in demo mode: its built-in simulator). */
  configured: Scalars['Boolean']['output'];
  /** Which backend. */
  source: Source;
};

/**
 * A half-open time range `[start, end)`: `start` is included, `end` is not. Each source translates
 * it as exactly as its API allows and reports what it asked for in `effectiveRange`.
 */
export type TimeRange = {
  /** First instant excluded. Defaults to now (the moment the request arrived). */
  end?: InputMaybe<Scalars['DateTime']['input']>;
  /** First instant included. */
  start: Scalars['DateTime']['input'];
};

/** One bucket of a token series. */
export type TokenPoint = {
  __typename?: 'TokenPoint';
  /** Completion (output) tokens. */
  completionTokens: Scalars['Float']['output'];
  /** First instant after the bucket. */
  end: Scalars['DateTime']['output'];
  /** Prompt (input) tokens. */
  promptTokens: Scalars['Float']['output'];
  /** First instant of the bucket (UTC). */
  start: Scalars['DateTime']['output'];
  /** All tokens. */
  totalTokens: Scalars['Float']['output'];
};

/** A token-usage time series. */
export type TokenSeries = {
  __typename?: 'TokenSeries';
  /** Completion tokens over the window. */
  completionTokens: Scalars['Float']['output'];
  /** The window asked of Ejento. */
  effectiveRange: EffectiveRange;
  /** Stable key of the series, e.g. `AGENT:1` or `ORGANIZATION`. */
  key: Scalars['String']['output'];
  /** Human label (the entity's name); null when unknown. */
  label?: Maybe<Scalars['String']['output']>;
  /** One point per bucket, zero-filled (see `CostSeries.points`). */
  points: Array<TokenPoint>;
  /** Prompt tokens over the window. */
  promptTokens: Scalars['Float']['output'];
  /** All tokens over the window. */
  totalTokens: Scalars['Float']['output'];
};

/** Usage metrics of one model in one time bucket. */
export type UsageBucket = {
  __typename?: 'UsageBucket';
  /** Calls of this model that started in the bucket. */
  count: Scalars['Int']['output'];
  /** End of the bucket (excluded): start + granularity. */
  end: Scalars['DateTime']['output'];
  /** The requested usage metrics in a fixed order: metrics, then each one's aggregations (enum order), then its percentiles (ascending). */
  metrics: Array<MetricValue>;
  /** The model, e.g. `gpt-4o`. Every model seen in the range has a row in every bucket. */
  model: Scalars['String']['output'];
  /** Start of the bucket (included). The first bucket may start before the range. */
  start: Scalars['DateTime']['output'];
};

/** A page of usage buckets. */
export type UsageBucketConnection = {
  __typename?: 'UsageBucketConnection';
  /** The page's edges. */
  edges: Array<UsageBucketEdge>;
  /** The page's nodes (the same as `edges.node`). */
  nodes: Array<UsageBucket>;
  /** Paging information (forward only). */
  pageInfo: PageInfo;
  /** Buckets (of the `model`, when given) across all pages. */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** An edge of `UsageBucketConnection`. */
export type UsageBucketEdge = {
  __typename?: 'UsageBucketEdge';
  /** Opaque cursor; bound to the field, its arguments and the resolved range. */
  cursor: Scalars['String']['output'];
  /** The bucket. */
  node: UsageBucket;
};

/** Usage metrics of every bucket as columns: a shared time axis and one series per model. */
export type UsageColumns = {
  __typename?: 'UsageColumns';
  /** Bucket ends (excluded): start + granularity. */
  end: Array<Scalars['DateTime']['output']>;
  /** One series per model, sorted by model. */
  models: Array<ModelColumns>;
  /** Bucket starts (included), every start any model has, in time order. */
  start: Array<Scalars['DateTime']['output']>;
};

/** A usage metric: tokens or cost (USD) of LLM calls, reported per model. */
export type UsageMetric =
  /** Cost of the prompt tokens, USD. */
  | 'INPUT_COST'
  /** Prompt tokens. */
  | 'INPUT_TOKENS'
  /** Cost of the completion tokens, USD. */
  | 'OUTPUT_COST'
  /** Completion tokens. */
  | 'OUTPUT_TOKENS'
  /** Total cost, USD. */
  | 'TOTAL_COST'
  /** Prompt plus completion tokens. */
  | 'TOTAL_TOKENS';

/** A usage metric to compute. */
export type UsageMetricInput = {
  /** Aggregations to compute. Default `[SUM]`; `[]` with percentiles computes only the percentiles. */
  aggregations?: InputMaybe<Array<Aggregation>>;
  /** The metric. */
  metric: UsageMetric;
  /** Percentiles to compute, each from 0 to 100 (e.g. 95, 99.9). Never averaged across buckets. */
  percentiles?: InputMaybe<Array<Scalars['Float']['input']>>;
};

/**
 * One user's LLM cost over the range. A field the row cannot answer (no or an unreadable
 * `total_cost`, `date` or `id`) is null with an error at that field's path; the rest of the row
 * and of the page still arrive.
 */
export type UserCost = {
  __typename?: 'UserCost';
  /** The row's `date` as iblai reports it (a date-time; a date alone is that day's 00:00 UTC); null when the row has none. */
  date?: Maybe<Scalars['DateTime']['output']>;
  /** The row's `id` as iblai reports it; null when the row has none. */
  id?: Maybe<Scalars['String']['output']>;
  /** Cost per session; empty when iblai does not report sessions. */
  sessions: Array<SessionCost>;
  /**
   * Total cost over the range, exact. Null, with an error at this path, when the row carries no
   * readable `total_cost` (as the `{id, name, date}` rows of iblai's own documentation).
   */
  totalCost?: Maybe<Money>;
  /** The user's name as iblai reports it (`username`, else `user_id`, else `name`). */
  username: Scalars['String']['output'];
};

/** A page of user costs. */
export type UserCostConnection = {
  __typename?: 'UserCostConnection';
  /** The page's edges. */
  edges: Array<UserCostEdge>;
  /** The whole-day range iblai was asked for. */
  effectiveRange: EffectiveRange;
  /** The page's nodes (the same as `edges.node`). */
  nodes: Array<UserCost>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Users with usage in the range, across all pages (iblai's `count`). */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** An edge of `UserCostConnection`. */
export type UserCostEdge = {
  __typename?: 'UserCostEdge';
  /** Opaque cursor of this edge; bound to the field, its arguments and the resolved range. */
  cursor: Scalars['String']['output'];
  /** The user cost. */
  node: UserCost;
};

/** One bucket of a vote series. */
export type VotePoint = {
  __typename?: 'VotePoint';
  /** Downvotes in the bucket. */
  downvotes: Scalars['Int']['output'];
  /** First instant after the bucket. */
  end: Scalars['DateTime']['output'];
  /** First instant of the bucket (UTC). */
  start: Scalars['DateTime']['output'];
  /** Upvotes in the bucket. */
  upvotes: Scalars['Int']['output'];
};

/** A vote time series. */
export type VoteSeries = {
  __typename?: 'VoteSeries';
  /** Downvotes over the window. */
  downvotes: Scalars['Int']['output'];
  /** The window asked of Ejento. */
  effectiveRange: EffectiveRange;
  /** Stable key of the series, e.g. `USER:7` or `ORGANIZATION`. */
  key: Scalars['String']['output'];
  /** Human label (the entity's name); null when unknown. */
  label?: Maybe<Scalars['String']['output']>;
  /** One point per bucket, zero-filled (see `CostSeries.points`). */
  points: Array<VotePoint>;
  /** Upvotes over the window. */
  upvotes: Scalars['Int']['output'];
};

export type OrganizationCostQueryVariables = Exact<{
  lastDays: Scalars['Int']['input'];
}>;


export type OrganizationCostQuery = { __typename?: 'Query', ejentoOrganization?: { __typename?: 'EjentoOrganization', costs?: { __typename?: 'CostSeries', total: { __typename?: 'Money', amount: string, currency: string }, effectiveRange: { __typename?: 'EffectiveRange', start: string, end: string } } | null } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const OrganizationCostDocument = new TypedDocumentString(`
    query OrganizationCost($lastDays: Int!) {
  ejentoOrganization {
    costs(window: {lastDays: $lastDays}) {
      total {
        amount
        currency
      }
      effectiveRange {
        start
        end
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizationCostQuery, OrganizationCostQueryVariables>;