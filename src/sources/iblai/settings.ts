import type { SettingsConfig, SourceSettings } from '../SourceDefinition.js';

/** iblai's variables: the base URL (a path prefix such as /dm is kept) and the platform key. */
export const IBLAI_SETTINGS = {
  baseUrl: 'IBLAI_BASE_URL',
  /** Sent as `Authorization: Api-Token <token>`. */
  secrets: { apiToken: 'IBLAI_API_TOKEN' },
  forwardAuthHeader: 'IBLAI_FORWARD_AUTH_HEADER',
} as const satisfies SourceSettings;

export type IblaiConfig = SettingsConfig<typeof IBLAI_SETTINGS>;
