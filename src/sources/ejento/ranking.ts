import type { EjentoRankingName, EjentoRow } from './types.js';

/** The metric endpoint each ranking is fetched from. */
export const RANKING_METRICS = {
  COST: 'costs',
  TOKENS: 'tokens',
  QUERIES: 'query-count',
  VOTES: 'votes',
} as const satisfies Record<EjentoRankingName, string>;

export type RankingMetric = (typeof RANKING_METRICS)[EjentoRankingName];

/**
 * A ranked row's value of its metric, as `RankedEntity.value`: cost in USD, total tokens,
 * queries, or votes cast (upvotes + downvotes; the order stays Ejento's whatever it ranks by).
 */
export function rankingValue(metric: RankingMetric, row: EjentoRow<RankingMetric>): number {
  switch (metric) {
    case 'costs':
      return Number((row as EjentoRow<'costs'>).value.cost);
    case 'tokens':
      return (row as EjentoRow<'tokens'>).value.total;
    case 'query-count':
      return (row as EjentoRow<'query-count'>).value.count;
    case 'votes': {
      const v = (row as EjentoRow<'votes'>).value;
      return v.up + v.down;
    }
  }
}
