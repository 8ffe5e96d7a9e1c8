import type { EjentoConfig } from '../../config.js';
import type { SourceDeps, SourceModule } from '../SourceModule.js';

// Placeholder until the ejento source lands (its issue replaces this file).
export type EjentoLoaders = Record<string, never>;

export function createEjentoSource(_config: EjentoConfig, _deps: SourceDeps): SourceModule<EjentoLoaders> {
  return { createLoaders: () => ({}), close: async () => {} };
}
