import DataLoader from 'dataloader';
import type { ResolvedRange } from '../../lib/timeRange.js';
import type { RequestScope } from '../scope.js';
import type { CallCountsClient } from './client.js';
import type { CountSeriesValue, LabelPage } from './mapping.js';
import type { CallCountLabelName } from './types.js';

/** Key of a `historical/<label>/` page. */
export interface LabelPageKey {
  label: CallCountLabelName;
  range: ResolvedRange;
  /** Series per page, 1–128. */
  amt: number;
  /** The upstream cursor; null for the first page. */
  cursor: string | null;
}

/** Key of a scenario series (segments validated, not encoded). */
export interface ScenarioKey {
  recoType: string;
  name: string;
  range: ResolvedRange;
}

/** Per-request loaders of call-counts: identical calls within one operation are made once. */
export interface CallCountsLoaders {
  historical: DataLoader<ResolvedRange, CountSeriesValue, string>;
  byLabel: DataLoader<LabelPageKey, LabelPage, string>;
  scenario: DataLoader<ScenarioKey, CountSeriesValue, string>;
}

// call-counts has no batch endpoints: each distinct key is one call, run concurrently.
function each<K, V>(fn: (key: K) => Promise<V>) {
  return (keys: readonly K[]) => Promise.all(keys.map((k) => fn(k).catch((err: Error) => err)));
}

const rangeKey = (r: ResolvedRange) => `${r.start}\u0000${r.end}`;

export function createCallCountsLoaders(client: CallCountsClient, scope: RequestScope): CallCountsLoaders {
  return {
    historical: new DataLoader(each((r) => client.historical(r, scope)), { cacheKeyFn: rangeKey }),
    byLabel: new DataLoader(each((k) => client.byLabel(k, scope)), {
      cacheKeyFn: (k) => [k.label, rangeKey(k.range), k.amt, k.cursor ?? ''].join('\u0000'),
    }),
    scenario: new DataLoader(each((k) => client.scenario(k, scope)), {
      cacheKeyFn: (k) => [k.recoType, k.name, rangeKey(k.range)].join('\u0000'),
    }),
  };
}
