import { bool, int, type Env } from './env.js';

/** Where /metrics is served, who may read it, and the per-request access line. */
export interface ObservabilityConfig {
  /**
   * METRICS_PORT: serve /metrics on its own listener on this port (same HOST) instead of the
   * GraphQL port; null (unset, the default) = on the GraphQL port. 0 picks a free port.
   */
  metricsPort: number | null;
  /** METRICS_REQUIRE_KEY: /metrics needs a valid caller credential, as /graphql does (default false). */
  metricsRequireKey: boolean;
  /** ACCESS_LOG: one info line per GraphQL request (default on). */
  accessLog: boolean;
}

export const OBSERVABILITY_VARIABLES = ['METRICS_PORT', 'METRICS_REQUIRE_KEY', 'ACCESS_LOG'] as const;

export function readObservabilityConfig(env: Env): ObservabilityConfig {
  const port = env.METRICS_PORT;
  return {
    metricsPort: port === undefined || port.trim() === '' ? null : int(env, 'METRICS_PORT', 0, 0, 65535),
    metricsRequireKey: bool(env, 'METRICS_REQUIRE_KEY', false),
    accessLog: bool(env, 'ACCESS_LOG', true),
  };
}
