import type { CallStatsConfig } from '../../config.js';
import type { SourceDeps, SourceModule } from '../SourceModule.js';

// Placeholder until the callStats source lands (its issue replaces this file).
export type CallStatsLoaders = Record<string, never>;

export function createCallStatsSource(_config: CallStatsConfig, _deps: SourceDeps): SourceModule<CallStatsLoaders> {
  return { createLoaders: () => ({}), close: async () => {} };
}
