import type { ResilienceConfig, SourcesConfig } from '../config.js';
import type { SourceName } from '../errors.js';
import type { Dispatcher } from 'undici';
import type { Logger } from '../logger.js';
import type { CircuitState } from '../resilience/circuitBreaker.js';
import type { SourceModule } from './SourceModule.js';
import { createIblaiSource } from './iblai/index.js';
import { createCallCountsSource, type CallCountsLoaders } from './callCounts/index.js';
import { createCallStatsSource, type CallStatsLoaders } from './callStats/index.js';
import { createEjentoSource, type EjentoLoaders } from './ejento/index.js';
import type { IblaiLoaders } from './iblai/loaders.js';

/** Every backend's source module, null when not configured (live mode). */
export interface Sources {
  iblai: SourceModule<IblaiLoaders> | null;
  callCounts: SourceModule<CallCountsLoaders> | null;
  callStats: SourceModule<CallStatsLoaders> | null;
  ejento: SourceModule<EjentoLoaders> | null;
}

/** The public `Source` value and the variable that configures each backend. */
export const SOURCE_INFO = {
  iblai: { name: 'IBLAI', envVar: 'IBLAI_BASE_URL' },
  callCounts: { name: 'CALL_COUNTS', envVar: 'CALL_COUNTS_BASE_URL' },
  callStats: { name: 'CALL_STATS', envVar: 'CALL_STATS_BASE_URL' },
  ejento: { name: 'EJENTO', envVar: 'EJENTO_BASE_URL' },
} as const satisfies Record<keyof Sources, { name: SourceName; envVar: string }>;

export interface CreateSourcesOptions {
  logger: Logger;
  /** Per-backend dispatcher injection (tests). */
  dispatchers?: Partial<Record<keyof Sources, Dispatcher>>;
  /** Breaker, concurrency and retry settings for every source's HTTP layer. */
  resilience?: ResilienceConfig;
}

/** Builds one source module (one Pool) per configured backend. */
export function createSources(config: SourcesConfig, { logger, dispatchers = {}, resilience }: CreateSourcesOptions): Sources {
  const deps = (key: keyof Sources) => ({ logger: logger.child({ source: SOURCE_INFO[key].name }), dispatcher: dispatchers[key], resilience });
  return {
    iblai: config.iblai ? createIblaiSource(config.iblai, deps('iblai')) : null,
    callCounts: config.callCounts ? createCallCountsSource(config.callCounts, deps('callCounts')) : null,
    callStats: config.callStats ? createCallStatsSource(config.callStats, deps('callStats')) : null,
    ejento: config.ejento ? createEjentoSource(config.ejento, deps('ejento')) : null,
  };
}

/** One backend's configuration and circuit state (readiness, `gateway { sources }`). */
export interface SourceStatus {
  source: SourceName;
  configured: boolean;
  circuit: CircuitState | null;
}

/** Every backend's status now, in SOURCE_INFO order. */
export function sourceStatuses(sources: Sources): SourceStatus[] {
  return (Object.keys(SOURCE_INFO) as Array<keyof Sources>).map((key) => {
    const s = sources[key];
    return { source: SOURCE_INFO[key].name, configured: s !== null, circuit: s ? s.circuit : null };
  });
}

/** Closes every source's pool. */
export async function closeSources(sources: Sources): Promise<void> {
  await Promise.all(Object.values(sources).map((s) => s?.close()));
}
