import type { AnySourceConfig, AnySourceDefinition } from '../sources/SourceDefinition.js';
import { baseUrl, ConfigError, int, secret, type Env } from './env.js';

/** Each source's validated configuration by source key; null when its base URL is unset. */
export type SourcesConfig = Readonly<Record<string, AnySourceConfig | null>>;

/** Every variable the sources read (for CONFIG_FILE's check of known names). */
export function sourceVariables(definitions: readonly AnySourceDefinition[]): string[] {
  return definitions.flatMap(({ settings }) => [
    settings.baseUrl,
    ...Object.values(settings.secrets).flatMap((v) => [v, `${v}_FILE`]),
    ...Object.values(settings.integers ?? {}).map((i) => i.variable),
    settings.forwardAuthHeader,
  ]);
}

/** Reads every source's settings: a source is configured when its base URL is set; its secrets are then required. */
export function readSourcesConfig(env: Env, definitions: readonly AnySourceDefinition[]): SourcesConfig {
  // Every base URL is checked before any secret, so a typo in a URL is reported first.
  const urls = definitions.map((d) => baseUrl(env, d.settings.baseUrl));
  const out: Record<string, AnySourceConfig | null> = {};
  definitions.forEach((d, i) => {
    const url = urls[i];
    if (!url) {
      out[d.key] = null;
      return;
    }
    const { settings } = d;
    const config: Record<string, string | number> = { baseUrl: url };
    for (const [field, variable] of Object.entries(settings.secrets)) config[field] = secret(env, variable, settings.baseUrl);
    for (const [field, s] of Object.entries(settings.integers ?? {})) config[field] = int(env, s.variable, s.default, s.min, s.max);
    out[d.key] = config as AnySourceConfig;
  });
  return out;
}

/** `<SOURCE>_FORWARD_AUTH_HEADER` of each source that sets one: Source name → client header (lower case). */
export function readForwardAuth(env: Env, definitions: readonly AnySourceDefinition[]): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const d of definitions) {
    const variable = d.settings.forwardAuthHeader;
    const raw = env[variable]?.trim();
    if (!raw) continue;
    if (!/^x-[a-z0-9-]{1,60}$/i.test(raw)) {
      throw new ConfigError(`${variable} must be a client header name starting with "x-", e.g. "x-${d.key.toLowerCase()}-authorization", but got: ${JSON.stringify(raw)}`);
    }
    out[d.name] = raw.toLowerCase();
  }
  return out;
}
