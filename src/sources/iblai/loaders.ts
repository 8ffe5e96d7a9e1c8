import DataLoader from 'dataloader';
import type { MentorSummary } from '../../generated/graphql.js';
import type { RequestScope } from '../scope.js';
import type { IblaiClient } from './client.js';
import type { IblaiPerUserPage } from './mapping.js';
import type { IblaiPerUserParams } from './types.js';

/** Per-request loaders of iblai: identical calls within one operation are made once. */
export interface IblaiLoaders {
  perUserCosts: DataLoader<IblaiPerUserParams, IblaiPerUserPage, string>;
  mentorSummary: DataLoader<{ org: string; userId: string }, MentorSummary, string>;
  mentorDetail: DataLoader<{ org: string; userId: string }, MentorSummary, string>;
}

// iblai has no batch endpoints: each distinct key is one call, run concurrently.
function each<K, V>(fn: (key: K) => Promise<V>) {
  return (keys: readonly K[]) => Promise.all(keys.map((k) => fn(k).catch((err: Error) => err)));
}

export function createIblaiLoaders(client: IblaiClient, scope: RequestScope): IblaiLoaders {
  const orgKey = (k: { org: string; userId: string }) => `${k.org}\u0000${k.userId}`;
  return {
    perUserCosts: new DataLoader(each((p) => client.perUserCosts(p, scope)), {
      cacheKeyFn: (p) => [p.org, p.userId, p.startDate, p.endDate, p.limit, p.offset].join('\u0000'),
    }),
    mentorSummary: new DataLoader(each((k) => client.mentor('summary', k.org, k.userId, scope)), { cacheKeyFn: orgKey }),
    mentorDetail: new DataLoader(each((k) => client.mentor('detail', k.org, k.userId, scope)), { cacheKeyFn: orgKey }),
  };
}
