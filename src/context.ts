import { assertScope } from './auth/authorize.js';
import { ANONYMOUS, type Principal } from './auth/Principal.js';
import { sourceNotConfigured } from './errors.js';
import type { Logger } from './logger.js';
import { SOURCE_INFO, type Sources } from './sources/createSources.js';
import type { RequestScope } from './sources/scope.js';
import type { IblaiLoaders } from './sources/iblai/loaders.js';
import type { CallCountsLoaders } from './sources/callCounts/index.js';
import type { CallStatsLoaders } from './sources/callStats/index.js';
import type { EjentoLoaders } from './sources/ejento/index.js';

/** Per-request loaders. Each getter builds its source's loaders on first use only. */
export interface Loaders {
  readonly iblai: IblaiLoaders;
  readonly callCounts: CallCountsLoaders;
  readonly callStats: CallStatsLoaders;
  readonly ejento: EjentoLoaders;
}

/** The context every resolver receives. */
export interface GatewayContext extends RequestScope {
  readonly loaders: Loaders;
  readonly demo: boolean;
  readonly configuredSources: ReadonlyArray<'IBLAI' | 'CALL_COUNTS' | 'CALL_STATS' | 'EJENTO'>;
  /** The authenticated caller (anonymous when authentication is off). */
  readonly principal: Principal;
}

export interface CreateContextOptions {
  sources: Sources;
  demo: boolean;
  requestTimeoutMs: number;
  logger: Logger;
  requestId: string;
  now?: number;
  principal?: Principal;
}

/**
 * Builds the context of one request. Loaders are created lazily (an operation that touches one
 * backend builds nothing for the others); a source without configuration answers its fields
 * with SOURCE_NOT_CONFIGURED.
 */
export function createContext(options: CreateContextOptions): GatewayContext {
  const now = options.now ?? Date.now();
  const scope: RequestScope = {
    now,
    deadline: now + options.requestTimeoutMs,
    logger: options.logger,
    requestId: options.requestId,
  };
  const principal = options.principal ?? ANONYMOUS;
  const cache: Partial<Record<keyof Sources, unknown>> = {};
  const get = <K extends keyof Sources>(key: K): unknown => {
    const hit = cache[key];
    if (hit) return hit;
    // Any field that reaches a source the caller has no scope for fails alone with FORBIDDEN.
    assertScope(principal, key);
    const source = options.sources[key];
    if (!source) throw sourceNotConfigured(SOURCE_INFO[key].name, SOURCE_INFO[key].envVar);
    return (cache[key] = source.createLoaders(scope));
  };
  const loaders = {
    get iblai() { return get('iblai') as IblaiLoaders; },
    get callCounts() { return get('callCounts') as CallCountsLoaders; },
    get callStats() { return get('callStats') as CallStatsLoaders; },
    get ejento() { return get('ejento') as EjentoLoaders; },
  };
  const configuredSources = (Object.keys(SOURCE_INFO) as Array<keyof Sources>)
    .filter((k) => options.sources[k] !== null)
    .map((k) => SOURCE_INFO[k].name);
  return { ...scope, loaders, demo: options.demo, configuredSources, principal };
}
