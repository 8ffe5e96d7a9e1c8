import { assertScope } from './auth/authorize.js';
import { ANONYMOUS, type Principal } from './auth/Principal.js';
import { floorToMinute } from './cache/freshnessPolicy.js';
import type { RequestCache } from './cache/RequestCache.js';
import { sourceNotConfigured } from './errors.js';
import type { Logger } from './logger.js';
import type { RequestObservation } from './observability/RequestObservation.js';
import type { SourceStatus, Sources } from './sources/createSources.js';
import type { BuiltInLoaders } from './sources/registry.js';
import type { RequestScope } from './sources/scope.js';

const NO_FORWARDED: RequestScope['forwarded'] = Object.freeze({});

/**
 * Per-request loaders by source key (`ctx.loaders.<key>`). Each source's loaders are built on
 * first use only; a source registered at run time is reached the same way by its key.
 */
export type Loaders = BuiltInLoaders & { readonly [key: string]: unknown };

/** The context every resolver receives. */
export interface GatewayContext extends RequestScope {
  readonly loaders: Loaders;
  readonly demo: boolean;
  /** The `Source` names of the configured backends. */
  readonly configuredSources: readonly string[];
  /** The authenticated caller (anonymous when authentication is off). */
  readonly principal: Principal;
  /** Every backend's configuration and circuit state, read when asked. */
  sourceStatuses(): SourceStatus[];
  /** The request's metrics, access line and spans (absent outside the HTTP server). */
  readonly observation?: RequestObservation;
  /**
   * Called once the answer has been written (by the HTTP server, absent elsewhere): e.g. a
   * large operation's slot. An array so that Apollo's shallow copies of the context share it.
   */
  readonly whenWritten?: Array<() => void>;
  /** Where a large answer's formatted result waits for the HTTP server to stream it (absent elsewhere). */
  readonly largeAnswer?: LargeAnswer;
}

/** Filled by the stringifier when the answer is large; read by the HTTP server, which streams it. */
export interface LargeAnswer {
  formatted?: unknown;
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
  /** The request's observation (its tally and trace go into the scope). */
  observation?: RequestObservation;
  /** The request's response-cache scope (absent with CACHE=off). */
  cache?: RequestCache;
  /** Aborts when the caller has gone (see RequestScope.signal). */
  signal?: AbortSignal;
  whenWritten?: Array<() => void>;
  largeAnswer?: LargeAnswer;
}

/**
 * Builds the context of one request. Loaders are created lazily (an operation that touches one
 * backend builds nothing for the others); a source without configuration answers its fields
 * with SOURCE_NOT_CONFIGURED.
 */
export function createContext(options: CreateContextOptions): GatewayContext {
  const clock = Date.now();
  const now = options.now ?? clock;
  const principal = options.principal ?? ANONYMOUS;
  const { sources } = options;
  // One object is both the request's scope and its context (no spread copy per request); the
  // loaders read it as their RequestScope.
  const context: Omit<GatewayContext, 'loaders'> & { loaders: Loaders | null } = {
    now,
    // The deadline is always real time, even when a test pins "now" for ranges.
    deadline: clock + options.requestTimeoutMs,
    logger: options.logger,
    requestId: options.requestId,
    forwarded: options.forwarded ?? NO_FORWARDED,
    tally: options.observation,
    trace: options.observation?.trace ?? undefined,
    // With the cache on, now-relative ranges end on the minute so repeated loads share keys.
    openEnd: options.cache ? floorToMinute(now) : now,
    cache: options.cache,
    signal: options.signal,
    loaders: null,
    demo: options.demo,
    configuredSources: sources.configuredNames,
    principal,
    sourceStatuses: () => sources.statuses(),
    observation: options.observation,
    whenWritten: options.whenWritten,
    largeAnswer: options.largeAnswer,
  };
  const LazyLoaders = loadersClassOf(sources);
  context.loaders = new LazyLoaders(context, principal) as unknown as Loaders;
  return context as GatewayContext;
}

interface LoadersBase {
  readonly cache: Record<string, unknown>;
  readonly scope: RequestScope;
  readonly principal: Principal;
}
type LoadersClass = new (scope: RequestScope, principal: Principal) => LoadersBase;

// One class per gateway, its getters (one per source) on the prototype: a request allocates
// one small object, no closures.
const classes = new WeakMap<Sources, LoadersClass>();

function loadersClassOf(sources: Sources): LoadersClass {
  let cls = classes.get(sources);
  if (cls) return cls;
  cls = class implements LoadersBase {
    readonly cache: Record<string, unknown> = {};
    constructor(
      readonly scope: RequestScope,
      readonly principal: Principal,
    ) {}
  };
  for (const definition of sources.definitions) {
    const { key } = definition;
    Object.defineProperty(cls.prototype, key, {
      get(this: LoadersBase) {
        const hit = this.cache[key];
        if (hit) return hit;
        // Any field that reaches a source the caller has no scope for fails alone with FORBIDDEN.
        assertScope(this.principal, definition);
        const source = sources.get(key);
        if (!source) throw sourceNotConfigured(definition.name, definition.settings.baseUrl);
        return (this.cache[key] = source.createLoaders(this.scope));
      },
    });
  }
  classes.set(sources, cls);
  return cls;
}
