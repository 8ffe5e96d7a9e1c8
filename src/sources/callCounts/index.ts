import type { CallCountsConfig } from '../../config.js';
import type { SourceDeps, SourceModule } from '../SourceModule.js';

// Placeholder until the callCounts source lands (its issue replaces this file).
export type CallCountsLoaders = Record<string, never>;

export function createCallCountsSource(_config: CallCountsConfig, _deps: SourceDeps): SourceModule<CallCountsLoaders> {
  return { createLoaders: () => ({}), close: async () => {} };
}
