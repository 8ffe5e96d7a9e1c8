import type { SettingsConfig, SourceSettings } from '../SourceDefinition.js';

/** Ejento's variables: the tenant host, the API manager's subscription key, the bearer token, the batch size. */
export const EJENTO_SETTINGS = {
  baseUrl: 'EJENTO_BASE_URL',
  /** `Ocp-Apim-Subscription-Key` and `Authorization: Bearer`. */
  secrets: { subscriptionKey: 'EJENTO_SUBSCRIPTION_KEY', token: 'EJENTO_TOKEN' },
  integers: {
    /** Most ids in one upstream request before it is split. */
    maxBatchSize: { variable: 'EJENTO_MAX_BATCH_SIZE', default: 50, min: 1, max: 500 },
  },
  forwardAuthHeader: 'EJENTO_FORWARD_AUTH_HEADER',
} as const satisfies SourceSettings;

export type EjentoConfig = SettingsConfig<typeof EJENTO_SETTINGS>;
