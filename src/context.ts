import { assertScope } from './auth/authorize.js';
import { ANONYMOUS, type Principal } from './auth/Principal.js';
import { sourceNotConfigured } from './errors.js';
import type { Logger } from './logger.js';
import { SOURCE_INFO, sourceStatuses, type SourceStatus, type Sources } from './sources/createSources.js';
import type { RequestScope } from './sources/scope.js';
import type { IblaiLoaders } from './sources/iblai/loaders.js';
import type { CallCountsLoaders } from './sources/callCounts/index.js';
import type { CallStatsLoaders } from './sources/callStats/index.js';
import type { EjentoLoaders } from './sources/ejento/index.js';

const NO_FORWARDED: RequestScope['forwarded'] = Object.freeze({});

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
  /** Every backend's configuration and circuit state, read when asked. */
  sourceStatuses(): SourceStatus[];
}

export interface CreateContextOptions {
  sources: Sources;
  demo: boolean;
  requestTimeoutMs: number;
  logger: Logger;
  requestId: string;
  now?: number;
  principal?: Principal;
  /** The caller's own upstream credentials per source (configured client headers). */
  forwarded?: RequestScope['forwarded'];
}

/**
 * Builds the context of one request. Loaders are created lazily (an operation that touches one
 * backend builds nothing for the others); a source without configuration answers its fields
 * with SOURCE_NOT_CONFIGURED.
 */
export function createContext(options: CreateContextOptions): GatewayContext {
  const clock = Date.now();
  const now = options.now ?? clock;
  const scope: RequestScope = {
    now,
    // The deadline is always real time, even when a test pins "now" for ranges.
    deadline: clock + options.requestTimeoutMs,
    logger: options.logger,
    requestId: options.requestId,
    forwarded: options.forwarded ?? NO_FORWARDED,
  };
  const principal = options.principal ?? ANONYMOUS;
  const loaders = new LazyLoaders(options.sources, scope, principal);
  const { sources } = options;
  return {
    ...scope,
    loaders,
    demo: options.demo,
    configuredSources: configuredSourcesOf(sources),
    principal,
    sourceStatuses: () => sourceStatuses(sources),
  };
}

/**
 * The request's loaders, each source's built on first use. A class (getters on the prototype)
 * rather than an object literal with getters: no closures per request on the hot path.
 */
class LazyLoaders implements Loaders {
  private readonly cache: Partial<Record<keyof Sources, unknown>> = {};

  constructor(
    private readonly sources: Sources,
    private readonly scope: RequestScope,
    private readonly principal: Principal,
  ) {}

  get iblai(): IblaiLoaders { return this.get('iblai') as IblaiLoaders; }
  get callCounts(): CallCountsLoaders { return this.get('callCounts') as CallCountsLoaders; }
  get callStats(): CallStatsLoaders { return this.get('callStats') as CallStatsLoaders; }
  get ejento(): EjentoLoaders { return this.get('ejento') as EjentoLoaders; }

  private get(key: keyof Sources): unknown {
    const hit = this.cache[key];
    if (hit) return hit;
    // Any field that reaches a source the caller has no scope for fails alone with FORBIDDEN.
    assertScope(this.principal, key);
    const source = this.sources[key];
    if (!source) throw sourceNotConfigured(SOURCE_INFO[key].name, SOURCE_INFO[key].envVar);
    return (this.cache[key] = source.createLoaders(this.scope));
  }
}

// The configured sources never change for a gateway: computed once per Sources object.
const configuredByGateway = new WeakMap<Sources, GatewayContext['configuredSources']>();

function configuredSourcesOf(sources: Sources): GatewayContext['configuredSources'] {
  let names = configuredByGateway.get(sources);
  if (!names) {
    names = Object.freeze((Object.keys(SOURCE_INFO) as Array<keyof Sources>).filter((k) => sources[k] !== null).map((k) => SOURCE_INFO[k].name));
    configuredByGateway.set(sources, names);
  }
  return names;
}
