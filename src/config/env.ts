import { readFileSync } from 'node:fs';

/**
 * Generic readers of environment variables. Each returns the validated value or throws a
 * ConfigError whose message names the variable and the expected form.
 */

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** An absolute http(s) URL without query, fragment or credentials; null when unset. */
export function baseUrl(env: Env, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL, but got: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an absolute http(s) URL, but got: ${JSON.stringify(raw)}`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`${name} must not carry a query, fragment or credentials (set them with their own variables).`);
  }
  return url.toString();
}

/** A required secret, from the variable or (when it is unset) the file `<name>_FILE` names. */
export function secret(env: Env, name: string, forVar: string): string {
  let v = env[name];
  // `<NAME>_FILE` names a secret file (Kubernetes/Docker secrets) when the variable itself is unset.
  const file = env[`${name}_FILE`]?.trim();
  if ((v === undefined || v.trim() === '') && file) {
    try {
      v = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`${name}_FILE must name a readable file, but reading "${file}" failed: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  if (v === undefined || v.trim() === '') {
    throw new ConfigError(`${name} is required when ${forVar} is set (expected a non-empty secret, or ${name}_FILE naming a file that holds it).`);
  }
  return v.trim();
}

/** An integer in [min, max]; `fallback` when unset. */
export function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, but got: ${JSON.stringify(raw)}`);
  }
  return n;
}

/** true/false (also 1/0, on/off, yes/no); `fallback` when unset. */
export function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|on|yes)$/i.test(raw)) return true;
  if (/^(0|false|off|no)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, but got: ${JSON.stringify(raw)}`);
}

/** Reads a file a variable names, with a message that names the variable. */
export function readNamedFile(name: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${name} must name a readable file, but reading "${file}" failed: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Reads CONFIG_FILE (JSON object of known variable names); environment variables win. */
export function mergeConfigFile(env: Env, known: readonly string[]): Env {
  const file = env.CONFIG_FILE;
  if (!file) return env;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`CONFIG_FILE must name a readable JSON file, but reading "${file}" failed: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`CONFIG_FILE must contain a JSON object of settings such as {"PORT": 4000}.`);
  }
  const merged: Env = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (!known.includes(k)) {
      throw new ConfigError(`CONFIG_FILE has an unknown setting "${k}"; known settings: ${known.join(', ')}.`);
    }
    merged[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return { ...merged, ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) };
}

/** Freezes a value and everything under it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
