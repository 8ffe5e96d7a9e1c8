import type { SettingsConfig, SourceSettings } from '../SourceDefinition.js';

/** call-stats' variables: the base URL (e.g. https://trace.wandb.ai) and the API key, sent as Basic `api:<key>`. */
export const CALL_STATS_SETTINGS = {
  baseUrl: 'CALL_STATS_BASE_URL',
  secrets: { apiKey: 'CALL_STATS_API_KEY' },
  forwardAuthHeader: 'CALL_STATS_FORWARD_AUTH_HEADER',
} as const satisfies SourceSettings;

export type CallStatsConfig = SettingsConfig<typeof CALL_STATS_SETTINGS>;
