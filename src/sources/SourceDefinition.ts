import type { Dispatcher } from 'undici';
import type { UpstreamCaches } from '../cache/createUpstreamCache.js';
import type { CacheWindow } from '../cache/freshnessPolicy.js';
import type { ResilienceConfig } from '../config/resilienceConfig.js';
import type { ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import type { CircuitState } from '../resilience/circuitBreaker.js';
import type { SimulatorServer } from '../simulators/startSimulatorServer.js';
import type { HttpSource, UpstreamObserver, UpstreamRequest } from './http.js';
import type { SourceCostCapability } from './SourceCostCapability.js';
import type { RequestScope } from './scope.js';

/**
 * Everything the gateway knows about one backend. Each `src/sources/<x>/index.ts` exports one
 * `... satisfies SourceDefinition<...>` and `src/sources/registry.ts` lists them once: the
 * config reader, the schema, the context's loaders, scopes, policies, statuses, simulators and
 * the operation-cost estimate all iterate over the registry and name no backend.
 *
 * Optional capabilities (a cost series for the cost report, the time window of an upstream
 * request for cache freshness, path templates for spans, entity resolution for federation)
 * are added as further optional fields in the same way: a cross-cutting feature asks each
 * definition whether it has the capability.
 */
export interface SourceDefinition<
  Key extends string = string,
  Name extends string = string,
  Settings extends SourceSettings = SourceSettings,
  Client extends SourceClient = SourceClient,
  Loaders = unknown,
  Config = SettingsConfig<Settings>,
> {
  /** Config key, scope name and `ctx.loaders` property, e.g. `weather`. */
  readonly key: Key;
  /** The public `Source` enum value, e.g. `WEATHER` (tags errors, statuses, metrics). */
  readonly name: Name;
  /** SDL: `extend enum Source { <NAME> }`, its `extend type Query` fields and its own types. */
  readonly typeDefs: string;
  /** Resolver map for the types in `typeDefs` (merged with every other source's). */
  readonly resolvers: ResolverMap;
  /** The environment variables that configure the backend. */
  readonly settings: Settings;
  /** Every root Query field this source adds, with the policy that guards it. */
  readonly rootFields: Readonly<Record<string, RootFieldPolicy>>;
  /**
   * The per-principal allow-list this source honours (a key of a policy object, e.g.
   * `weatherCities`), or none (default): then only the source's scope applies.
   */
  readonly allowList?: AllowListDefinition;
  /** The long-lived client over the injected HTTP layer (one Pool per backend). */
  createClient(config: Config, deps: SourceClientDeps): Client;
  /** Fresh loaders for one request (never shared across requests). */
  createLoaders(client: Client, scope: RequestScope, config: Config): Loaders;
  /**
   * Maps a backend-specific upstream answer to a code; the shared HTTP layer calls it before
   * its generic status mapping (default: none, the generic mapping applies).
   */
  readonly classify?: UpstreamClassifier;
  /**
   * List-size estimators for the operation-cost check, keyed `Type.field` (e.g.
   * `Forecast.hours`), for sizes that static `@listSize` cannot express (buckets =
   * range ÷ granularity). Fields without one are priced by `first`, `ids`, `limit` or 10.
   */
  readonly estimators?: Readonly<Record<string, FieldEstimator>>;
  /**
   * Its part in the cross-source `costReport`: its `CostReportSources` field, a plan estimate
   * and the exact cost of each bucket (see SourceCostCapability). Default: absent, the source
   * does not take part (it has no field in `CostReportSources`).
   */
  // Each source types its own input; the registry holds them side by side.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly cost?: SourceCostCapability<any, Loaders>;
  /**
   * Apollo Federation entities this source resolves, by type name (default: none, the source
   * adds no entity). The source's SDL stays plain: the subgraph schema adds each type's `@key`.
   */
  readonly entities?: Readonly<Record<string, EntityDefinition>>;
  /**
   * The time window an upstream request covers (epoch ms, end exclusive), read from its query or
   * body: the response cache keeps answers for settled windows long and live ones briefly.
   * Default (or null): no window, the answer is live.
   */
  readonly cacheWindow?: (request: UpstreamRequest) => CacheWindow | null;
  /** The built-in simulated backend of demo mode and tests. */
  readonly simulator: SourceSimulator<Config>;
}

/** A definition of any backend (what the registry holds). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySourceDefinition = SourceDefinition<string, string, SourceSettings, any, any, any>;

/** What the gateway needs of a source's client: its circuit state and a close. */
export interface SourceClient {
  readonly circuit: CircuitState;
  close(): Promise<void>;
}

/** What a client factory receives (never reached through globals). */
export interface SourceClientDeps {
  /** The backend's HTTP layer: deadline, retries, breaker, single flight, classification. */
  readonly http: HttpSource;
  readonly logger: Logger;
}

/** Graphql-tools resolver map of one source. */
export type ResolverMap = Readonly<Record<string, unknown>>;

/** The environment variables of one backend. */
export interface SourceSettings {
  /** The variable holding the base URL: setting it configures the source (and makes the gateway live). */
  readonly baseUrl: string;
  /** Config field → secret variable; each is required with the base URL and may be read from `<VAR>_FILE`. */
  readonly secrets: Readonly<Record<string, string>>;
  /** Config field → integer setting (default: none). */
  readonly integers?: Readonly<Record<string, IntegerSetting>>;
  /** The variable naming a client header whose value replaces the upstream Authorization, e.g. `WEATHER_FORWARD_AUTH_HEADER`. */
  readonly forwardAuthHeader: string;
}

/** An integer variable with its default and inclusive range. */
export interface IntegerSetting {
  readonly variable: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/** The validated configuration of a source, derived from its settings. */
export type SettingsConfig<S extends SourceSettings> = { readonly baseUrl: string } & {
  readonly [K in keyof S['secrets']]: string;
} & { readonly [K in keyof NonNullable<S['integers']>]: number };

/** A source's configuration as the registry handles it. */
export type AnySourceConfig = { readonly baseUrl: string } & Readonly<Record<string, string | number>>;

/** A per-principal allow-list: its key in a policy, and what a refusal says the caller may not read. */
export interface AllowListDefinition {
  /** The policy key, e.g. `weatherCities`. */
  readonly policyKey: string;
  /** What a denied call reads, e.g. `one or more of these cities`. */
  readonly what: string;
  /** What a denied field that spans everything reads (default: `what`). */
  readonly everything?: string;
}

/** How a root field is authorized, beyond the source's scope. */
export interface RootFieldPolicy {
  /**
   * The allow-listed values the call reads (checked against the principal's allow-list), or
   * `'all'` when the field spans every entity (refused when an allow-list is set). Default:
   * the scope alone decides.
   */
  readonly allowListed?: (args: Record<string, unknown>) => readonly unknown[] | 'all';
}

/** What a classifier sees of one upstream answer (after the HTTP exchange). */
export interface UpstreamAnswer {
  readonly status: number;
  /** The parsed JSON body, undefined when not JSON (read to classify, never repeated). */
  readonly body: unknown;
  readonly request: UpstreamRequest;
  /** Whether the caller's forwarded credential replaced the gateway's own. */
  readonly forwarded: boolean;
}

/** A classifier's verdict: the code and our own message (never upstream text). */
export interface UpstreamVerdict {
  readonly code: ErrorCode;
  readonly message: string;
}

/** Returns a verdict for answers the backend means differently from HTTP's generic meaning, else undefined. */
export type UpstreamClassifier = (answer: UpstreamAnswer) => UpstreamVerdict | undefined;

/** One federation entity type of a source: its keys and how a representation becomes a value. */
export interface EntityDefinition {
  /** The `@key` field sets, e.g. `['id']` or `['kind id']` (each names fields of the type). */
  readonly keys: readonly string[];
  /**
   * The policy of one representation, checked like a root field's policy with the
   * representation as its arguments (default: the source's scope alone).
   */
  readonly policy?: RootFieldPolicy;
  /**
   * The type's parent value for one representation (`{ __typename, ...key fields }`). Data comes
   * through the request's loaders, so N representations batch like a list field. Throws a
   * GatewayError for an invalid representation: that one is null with the error at its index.
   * (Method syntax: a source may type `context` as its resolvers' context.)
   */
  resolveReference(representation: Readonly<Record<string, unknown>>, context: unknown): unknown;
}

/** One field on the way from the root to the priced field. */
export interface EstimateFrame {
  /** The parent type's name, e.g. `Query`. */
  readonly type: string;
  readonly field: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/** The estimated number of items a list field returns. */
export type FieldEstimator = (args: Readonly<Record<string, unknown>>, ancestors: readonly EstimateFrame[], now: number) => number;

/** The built-in backend of demo mode and tests. */
export interface SourceSimulator<Config> {
  start(options: SimulatorStartOptions): Promise<SimulatorServer>;
  /** The source configuration that points at a running simulator with its demo credentials. */
  config(server: SimulatorServer): Config;
}

export interface SimulatorStartOptions {
  /** Fixed extra latency per answer (bench). */
  latencyMs?: number;
  /** Keep request logs (tests count requests; default true). */
  log?: boolean;
  now?: () => number;
  /** Listen on this port (default: an ephemeral one); the bench restarts a killed simulator on its port. */
  port?: number;
}

/** Dependencies of the gateway's sources (tests inject dispatchers). */
export interface SourcesDeps {
  logger: Logger;
  /** Per-backend dispatcher injection (tests, bench), by source key. */
  dispatchers?: Readonly<Partial<Record<string, Dispatcher>>>;
  resilience?: ResilienceConfig;
  /** The observer of each backend's HTTP layer, by `Source` name (metrics, spans; default none). */
  observe?: (source: string) => UpstreamObserver;
  /** The upstream-response cache (absent with CACHE=off). */
  cache?: UpstreamCaches;
  /** MAX_UPSTREAM_BYTES: the largest body any one upstream answer may have (default 32 MiB). */
  maxUpstreamBytes?: number;
}
