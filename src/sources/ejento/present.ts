import type {
  ActivitySeries, CostSeries, CountSeries, DocumentCountSeries, EntitySummary, EntitySummarySeries, IndexingModesSeries,
  OrganizationSummary, OrganizationSummarySeries, TokenSeries, VoteSeries,
} from '../../generated/graphql.js';
import type { DecimalString } from '../../lib/decimal.js';
import type {
  ActivityValue, CostValue, CountValue, EjentoBucketName, ModeValue, OrgSummaryValue, SeriesData, SummaryValue, TokenValue, VoteValue,
} from './types.js';

/** Pure: the source's values → the GraphQL shapes of schema/ejento.graphql. */

const money = (amount: DecimalString) => ({ amount, currency: 'USD' });

export function toCostSeries(key: string, label: string | null, s: SeriesData<CostValue>): CostSeries {
  // Zero-filled buckets have no token figure of their own; once any bucket reports tokens, theirs is 0.
  const tokensKnown = s.total.tokens !== null;
  return {
    source: 'EJENTO',
    key,
    label,
    currency: 'USD',
    total: money(s.total.cost),
    totalTokens: s.total.tokens,
    points: s.points.map((p) => ({
      start: p.start,
      end: p.end,
      cost: money(p.value.cost),
      tokens: p.value.tokens ?? (tokensKnown ? 0 : null),
    })),
    effectiveRange: s.effective,
  };
}

export function toTokenSeries(key: string, label: string | null, s: SeriesData<TokenValue>): TokenSeries {
  return {
    key,
    label,
    promptTokens: s.total.prompt,
    completionTokens: s.total.completion,
    totalTokens: s.total.total,
    points: s.points.map((p) => ({
      start: p.start, end: p.end, promptTokens: p.value.prompt, completionTokens: p.value.completion, totalTokens: p.value.total,
    })),
    effectiveRange: s.effective,
  };
}

export function toVoteSeries(key: string, label: string | null, s: SeriesData<VoteValue>): VoteSeries {
  return {
    key,
    label,
    upvotes: s.total.up,
    downvotes: s.total.down,
    points: s.points.map((p) => ({ start: p.start, end: p.end, upvotes: p.value.up, downvotes: p.value.down })),
    effectiveRange: s.effective,
  };
}

const BUCKET_SECONDS: Record<EjentoBucketName, number | null> = { DAY: 86_400, WEEK: 604_800, MONTH: null };

/** Query counts as the shared `CountSeries` (timestamp = bucket start; months have no fixed width). */
export function toQueryCountSeries(key: string, label: string | null, s: SeriesData<CountValue>, bucket: EjentoBucketName | null): CountSeries {
  return {
    key,
    description: label,
    dbId: null,
    points: s.points.map((p) => ({ timestamp: p.start, end: p.end, count: p.value.count })),
    total: s.total.count,
    warnings: [],
    aggregated: false,
    bucketSeconds: bucket ? BUCKET_SECONDS[bucket] : (s.effective.end - s.effective.start) / 1000,
    effectiveRange: s.effective,
  };
}

export function toEntitySummary(v: SummaryValue): EntitySummary {
  return { ...v, totalCost: money(v.totalCost) };
}

export function toOrganizationSummary(v: OrgSummaryValue): OrganizationSummary {
  return { ...v, totalCost: money(v.totalCost) };
}

export function toDocumentCountSeries(key: string, label: string | null, s: SeriesData<CountValue>): DocumentCountSeries {
  return {
    key,
    label,
    points: s.points.map((p) => ({ start: p.start, end: p.end, documentCount: p.value.count })),
    effectiveRange: s.effective,
  };
}

export function toIndexingModesSeries(key: string, label: string | null, s: SeriesData<ModeValue[]>): IndexingModesSeries {
  return {
    key,
    label,
    points: s.points.map((p) => ({ start: p.start, end: p.end, modes: p.value })),
    effectiveRange: s.effective,
  };
}

export function toActivitySeries(key: string, label: string | null, s: SeriesData<ActivityValue>): ActivitySeries {
  return {
    key,
    label,
    queryCount: s.total.queryCount,
    lastActive: s.total.lastActive,
    points: s.points.map((p) => ({ start: p.start, end: p.end, queryCount: p.value.queryCount, lastActive: p.value.lastActive })),
    effectiveRange: s.effective,
  };
}

export function toEntitySummarySeries(key: string, label: string | null, s: SeriesData<SummaryValue>): EntitySummarySeries {
  // As with cost tokens: zero-filled buckets know no active users of their own; once any bucket
  // reports them, theirs is 0.
  const activeKnown = s.total.activeUsers !== null;
  return {
    key,
    label,
    points: s.points.map((p) => ({
      start: p.start,
      end: p.end,
      ...p.value,
      totalCost: money(p.value.totalCost),
      activeUsers: p.value.activeUsers ?? (activeKnown ? 0 : null),
    })),
    effectiveRange: s.effective,
  };
}

export function toOrganizationSummarySeries(key: string, s: SeriesData<OrgSummaryValue>): OrganizationSummarySeries {
  return {
    key,
    points: s.points.map((p) => ({ start: p.start, end: p.end, ...p.value, totalCost: money(p.value.totalCost) })),
    effectiveRange: s.effective,
  };
}
