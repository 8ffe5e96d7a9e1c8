import type { Dispatcher } from 'undici';
import type { ResilienceConfig } from '../config.js';
import type { CircuitState } from '../resilience/circuitBreaker.js';
import type { Logger } from '../logger.js';
import type { RequestScope } from './scope.js';

/** What every backend folder exports through its index.ts: loaders per request, and a close. */
export interface SourceModule<L> {
  /** Fresh DataLoaders for one request (never shared across requests). */
  createLoaders(scope: RequestScope): L;
  /** Closes the backend's pool. */
  close(): Promise<void>;
  /** The backend's circuit breaker state, now. */
  readonly circuit: CircuitState;
}

/** Dependencies a source factory receives (never reached through globals). */
export interface SourceDeps {
  logger: Logger;
  /** Injected undici dispatcher (tests, bench); default: the source's own Pool. */
  dispatcher?: Dispatcher;
  /** Breaker, concurrency and retry settings of the source's HTTP layer (default: DEFAULT_RESILIENCE). */
  resilience?: ResilienceConfig;
}

/** What a source module needs of its client: its pool's close and its circuit state. */
export interface SourceClientHandle {
  readonly circuit: CircuitState;
  close(): Promise<void>;
}

/** The module of one backend: loaders per request over one long-lived client. */
export function toSourceModule<L>(client: SourceClientHandle, createLoaders: (scope: RequestScope) => L): SourceModule<L> {
  return {
    createLoaders,
    close: () => client.close(),
    get circuit() {
      return client.circuit;
    },
  };
}
