import type { SourcesConfig } from '../config/sourcesConfig.js';
import type { CircuitState } from '../resilience/circuitBreaker.js';
import { createHttpSource } from './http.js';
import type { AnySourceConfig, AnySourceDefinition, SourceClient, SourcesDeps } from './SourceDefinition.js';
import type { RequestScope } from './scope.js';

/** One configured backend: its definition, its long-lived client and a loaders factory. */
export interface ConfiguredSource {
  readonly definition: AnySourceDefinition;
  readonly client: SourceClient;
  /** Fresh loaders for one request. */
  createLoaders(scope: RequestScope): unknown;
}

/** One backend's configuration and circuit state (readiness, `gateway { sources }`). */
export interface SourceStatus {
  source: string;
  configured: boolean;
  circuit: CircuitState | null;
}

/** The gateway's backends: every definition, and the client of each configured one. */
export interface Sources {
  /** Every registered definition, in registry order. */
  readonly definitions: readonly AnySourceDefinition[];
  /** The configured backend with this key, or null (live mode without its base URL). */
  get(key: string): ConfiguredSource | null;
  /** The `Source` names of the configured backends, in registry order. */
  readonly configuredNames: readonly string[];
  /** Every backend's status now, in registry order. */
  statuses(): SourceStatus[];
  /** Closes every backend's pool. */
  close(): Promise<void>;
}

/** Integer settings a directly supplied config left out take their declared default. */
function withDefaults(definition: AnySourceDefinition, config: AnySourceConfig): AnySourceConfig {
  const integers = definition.settings.integers ?? {};
  const missing = Object.keys(integers).filter((k) => config[k] === undefined);
  if (missing.length === 0) return config;
  return { ...config, ...Object.fromEntries(missing.map((k) => [k, integers[k]!.default])) };
}

/** Builds one HTTP layer (one Pool) and one client per configured backend. */
export function createSources(definitions: readonly AnySourceDefinition[], configs: SourcesConfig, deps: SourcesDeps): Sources {
  const byKey = new Map<string, ConfiguredSource | null>();
  for (const definition of definitions) {
    const given = configs[definition.key];
    if (!given) {
      byKey.set(definition.key, null);
      continue;
    }
    const config = withDefaults(definition, given);
    const logger = deps.logger.child({ source: definition.name });
    const http = createHttpSource({
      source: definition.name,
      baseUrl: config.baseUrl,
      classify: definition.classify,
      dispatcher: deps.dispatchers?.[definition.key],
      resilience: deps.resilience,
      maxResponseBytes: deps.maxUpstreamBytes,
      logger,
      observer: deps.observe?.(definition.name),
      cache: deps.cache?.forSource(definition),
    });
    const client = definition.createClient(config, { http, logger }) as SourceClient;
    byKey.set(definition.key, { definition, client, createLoaders: (scope) => definition.createLoaders(client, scope, config) });
  }
  const configuredNames = Object.freeze(definitions.filter((d) => byKey.get(d.key)).map((d) => d.name));
  return {
    definitions,
    get: (key) => byKey.get(key) ?? null,
    configuredNames,
    statuses: () =>
      definitions.map((d) => {
        const s = byKey.get(d.key);
        return { source: d.name, configured: Boolean(s), circuit: s ? s.client.circuit : null };
      }),
    close: async () => {
      await Promise.all([...byKey.values()].map((s) => s?.client.close()));
    },
  };
}
