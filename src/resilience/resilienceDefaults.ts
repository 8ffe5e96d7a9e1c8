import { AsyncLocalStorage } from 'node:async_hooks';
import type { ResilienceConfig } from '../config.js';

/**
 * The resilience settings an HTTP source picks up when it is built. Source clients build their
 * HttpSource without passing these, so the gateway sets them around createSources instead of
 * threading them through every client (and two gateways in one process keep their own).
 */
const defaults = new AsyncLocalStorage<ResilienceConfig>();

export const DEFAULT_RESILIENCE: ResilienceConfig = Object.freeze({ breakerFailures: 5, breakerOpenMs: 10_000, concurrency: 64, maxRetries: 1 });

/** Runs `build` (synchronously) with these settings as the HTTP sources' defaults. */
export function withResilience<T>(settings: ResilienceConfig, build: () => T): T {
  return defaults.run(settings, build);
}

/** The settings of the source being built now. */
export function currentResilience(): ResilienceConfig {
  return defaults.getStore() ?? DEFAULT_RESILIENCE;
}
