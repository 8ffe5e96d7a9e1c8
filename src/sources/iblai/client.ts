import type { CircuitState } from '../../resilience/circuitBreaker.js';
import type { SourceClientDeps } from '../SourceDefinition.js';
import type { IblaiConfig } from './settings.js';
import type { RequestScope } from '../scope.js';
import { toMentorSummary, toPerUserPage, type IblaiPerUserPage } from './mapping.js';
import type { IblaiMentorBody, IblaiPerUserBody, IblaiPerUserParams } from './types.js';
import type { MentorSummary } from '../../generated/graphql.js';

/** Calls iblai's ai-analytics endpoints; arguments arrive validated, path segments encoded here. */
export interface IblaiClient {
  perUserCosts(params: IblaiPerUserParams, scope: RequestScope): Promise<IblaiPerUserPage>;
  mentor(kind: 'summary' | 'detail', org: string, userId: string, scope: RequestScope): Promise<MentorSummary>;
  /** The circuit breaker's state of this backend (readiness, `gateway { sources }`). */
  readonly circuit: CircuitState;
  close(): Promise<void>;
}

export function createIblaiClient(config: IblaiConfig, { http }: Pick<SourceClientDeps, 'http'>): IblaiClient {
  const headers = { authorization: `Api-Token ${config.apiToken}` };
  const base = (org: string, userId: string) =>
    `api/ai-analytics/orgs/${encodeURIComponent(org)}/users/${encodeURIComponent(userId)}/`;

  return {
    async perUserCosts(p, scope) {
      // Never follow the body's absolute `next`: every page is rebuilt from our base URL.
      const res = await http.request<IblaiPerUserBody>({
        method: 'GET',
        path: `${base(p.org, p.userId)}costs/peruser/`,
        template: 'api/ai-analytics/orgs/{org}/users/{userId}/costs/peruser/',
        query: { start_date: p.startDate, end_date: p.endDate, limit: p.limit, offset: p.offset },
        headers,
        deadline: scope.deadline,
        scope,
      });
      return toPerUserPage(res.body);
    },
    async mentor(kind, org, userId, scope) {
      const res = await http.request<IblaiMentorBody>({
        method: 'GET',
        path: `${base(org, userId)}mentor-${kind}/`,
        template: `api/ai-analytics/orgs/{org}/users/{userId}/mentor-${kind}/`,
        headers,
        deadline: scope.deadline,
        scope,
      });
      return toMentorSummary(res.body);
    },
    get circuit() {
      return http.circuit;
    },
    close: () => http.close(),
  };
}
