import { int, type Env } from './env.js';

/** Circuit breaker, concurrency cap and retries of every upstream. */
export interface ResilienceConfig {
  /** BREAKER_FAILURES: consecutive failures that open a source's circuit (default 5; 0 = off). */
  breakerFailures: number;
  /** BREAKER_OPEN_MS: how long the circuit stays open before one probe (default 10000). */
  breakerOpenMs: number;
  /** UPSTREAM_CONCURRENCY: most in-flight calls per source (default 64). */
  concurrency: number;
  /** UPSTREAM_MAX_RETRIES: retries of idempotent calls (default 1). */
  maxRetries: number;
}

/** The resilience settings when none are configured (also the defaults of the variables). */
export const DEFAULT_RESILIENCE: ResilienceConfig = Object.freeze({ breakerFailures: 5, breakerOpenMs: 10_000, concurrency: 64, maxRetries: 1 });

export const RESILIENCE_VARIABLES = ['BREAKER_FAILURES', 'BREAKER_OPEN_MS', 'UPSTREAM_CONCURRENCY', 'UPSTREAM_MAX_RETRIES'] as const;

export function readResilienceConfig(env: Env): ResilienceConfig {
  return {
    breakerFailures: int(env, 'BREAKER_FAILURES', DEFAULT_RESILIENCE.breakerFailures, 0, 10_000),
    breakerOpenMs: int(env, 'BREAKER_OPEN_MS', DEFAULT_RESILIENCE.breakerOpenMs, 10, 3_600_000),
    concurrency: int(env, 'UPSTREAM_CONCURRENCY', DEFAULT_RESILIENCE.concurrency, 1, 10_000),
    maxRetries: int(env, 'UPSTREAM_MAX_RETRIES', DEFAULT_RESILIENCE.maxRetries, 0, 10),
  };
}
