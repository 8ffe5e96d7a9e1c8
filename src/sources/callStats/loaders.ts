import DataLoader from 'dataloader';
import type { RequestScope } from '../scope.js';
import type { CallStatsClient } from './client.js';
import { mergeKey, mergeRequests, requestKey } from './request.js';
import type { CallStatsRequest, CallStatsResult } from './types.js';

/** Per-request loaders of call-stats. */
export interface CallStatsLoaders {
  /**
   * One canonical request → the upstream's parsed answer. Identical requests (aliases, both
   * bucket lists of one field) are one key; requests that differ only in metrics are merged
   * into one POST asking for the union (see `mergeKey`).
   */
  stats: DataLoader<CallStatsRequest, CallStatsResult, string>;
}

export function createCallStatsLoaders(client: CallStatsClient, scope: RequestScope): CallStatsLoaders {
  async function batch(requests: readonly CallStatsRequest[]): Promise<Array<CallStatsResult | Error>> {
    const groups = new Map<string, number[]>();
    requests.forEach((r, i) => {
      const k = mergeKey(r);
      const g = groups.get(k);
      if (g) g.push(i);
      else groups.set(k, [i]);
    });
    const out: Array<CallStatsResult | Error> = new Array(requests.length);
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        const merged = mergeRequests(indexes.map((i) => requests[i]!));
        const result = await client.stats(merged, scope).catch((err: Error) => err);
        for (const i of indexes) out[i] = result;
      }),
    );
    return out;
  }
  return { stats: new DataLoader(batch, { cacheKeyFn: requestKey }) };
}
