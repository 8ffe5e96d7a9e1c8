import type { EjentoMetric, EjentoTarget } from './types.js';

/**
 * The one table of Ejento's 46 analytics operations: for each (target,
 * metric) the path, the `data` key and how rows name their entity. Everything else (client,
 * loaders, resolvers, simulator) reads this table instead of knowing paths.
 */
export interface EjentoOperation {
  target: EjentoTarget;
  metric: EjentoMetric;
  /** Path relative to the base URL, without a trailing slash (Ejento accepts both). */
  path: string;
  /** The path as spans show it: the segment a caller's `scope` picks is `{scope}`. */
  template: string;
  /** Key under `data` holding the rows (or the single object of summary/entity-counts). */
  dataKey: string;
  /** `<e>_id` / `<e>_name` field prefix of rows; null for organization-wide rows. */
  entityField: string | null;
  /** Whether `data[dataKey]` is one object instead of a list of rows. */
  single: boolean;
  /** Whether the operation takes a window (type/days/start_date/end_date); a null window sends none. */
  windowed: boolean;
}

/** Data key per metric (the same for every target). */
export const DATA_KEYS: Record<EjentoMetric, string> = {
  costs: 'costs',
  tokens: 'token_usage',
  'query-count': 'query_counts',
  votes: 'votes',
  'document-count': 'document_counts',
  'indexing-mode': 'indexing_modes',
  'most-active': 'most_active',
  recent: 'recent',
  summary: 'summary',
  'entity-counts': 'counts',
};

/** Path segment and row field prefix per entity target. */
export const ENTITY_TARGETS = {
  AGENT: { segment: 'agents', field: 'agent' },
  PROJECT: { segment: 'projects', field: 'project' },
  TEAM: { segment: 'teams', field: 'team' },
  USER: { segment: 'users', field: 'user' },
  CORPUS: { segment: 'corpus', field: 'corpus' },
} as const;

const ENTITY_METRICS: readonly EjentoMetric[] = [
  'costs', 'tokens', 'query-count', 'votes', 'document-count', 'indexing-mode', 'most-active', 'recent', 'summary',
];
const CORPUS_METRICS: readonly EjentoMetric[] = ['document-count', 'indexing-mode'];
const ORG_METRICS: readonly EjentoMetric[] = [
  'costs', 'tokens', 'query-count', 'votes', 'document-count', 'indexing-mode', 'summary', 'entity-counts',
];
// `entity-counts` counts every entity there is: it has no window. Every other operation takes
// the common window parameters (`recent` too: sent when the caller gives a window).
const UNWINDOWED: ReadonlySet<EjentoMetric> = new Set(['entity-counts']);

function build(): EjentoOperation[] {
  const ops: EjentoOperation[] = [];
  for (const target of ['AGENT', 'PROJECT', 'TEAM', 'USER', 'CORPUS'] as const) {
    const { segment, field } = ENTITY_TARGETS[target];
    for (const metric of target === 'CORPUS' ? CORPUS_METRICS : ENTITY_METRICS) {
      ops.push({
        target, metric, path: `api/v2/analytics/${segment}/${metric}`,
        template: target === 'CORPUS' ? `api/v2/analytics/${segment}/${metric}` : `api/v2/analytics/{scope}/${metric}`, dataKey: DATA_KEYS[metric],
        entityField: field, single: false, windowed: !UNWINDOWED.has(metric),
      });
    }
  }
  for (const metric of ORG_METRICS) {
    ops.push({
      target: 'ORGANIZATION', metric, path: `api/v2/analytics/${metric}`, template: `api/v2/analytics/${metric}`, dataKey: DATA_KEYS[metric],
      entityField: null, single: metric === 'summary' || metric === 'entity-counts', windowed: !UNWINDOWED.has(metric),
    });
  }
  return ops;
}

/** All 46 operations. */
export const EJENTO_OPERATIONS: readonly EjentoOperation[] = Object.freeze(build());

const BY_KEY = new Map(EJENTO_OPERATIONS.map((op) => [`${op.target}/${op.metric}`, op]));

/** The operation for (target, metric); throws for a pair Ejento does not have (a bug of ours). */
export function operationOf(target: EjentoTarget, metric: EjentoMetric): EjentoOperation {
  const op = BY_KEY.get(`${target}/${metric}`);
  if (!op) throw new Error(`Ejento has no ${metric} operation for ${target}`);
  return op;
}
