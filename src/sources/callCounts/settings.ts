import type { SettingsConfig, SourceSettings } from '../SourceDefinition.js';

/** call-counts' variables: the base URL (e.g. https://api.example.com/v1/) and the service account for `login/service/`. */
export const CALL_COUNTS_SETTINGS = {
  baseUrl: 'CALL_COUNTS_BASE_URL',
  secrets: { username: 'CALL_COUNTS_USERNAME', password: 'CALL_COUNTS_PASSWORD' },
  forwardAuthHeader: 'CALL_COUNTS_FORWARD_AUTH_HEADER',
} as const satisfies SourceSettings;

export type CallCountsConfig = SettingsConfig<typeof CALL_COUNTS_SETTINGS>;
