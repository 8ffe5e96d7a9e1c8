import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bool, ConfigError, int, readNamedFile, type Env } from './env.js';

/**
 * What a principal may reach: scopes (source keys, or `*`) and optional allow-lists, one per
 * source that declares one (absent = any), e.g. `{"scopes": ["<source key>"], "<allow-list key>": ["12"]}`.
 */
export interface Policy {
  readonly scopes: readonly string[];
  readonly [allowList: string]: readonly string[] | undefined;
}
export interface ApiKeyEntry {
  name: string;
  /** Hex SHA-256 of the key: the key itself is not kept. */
  sha256: string;
  policy: Policy;
}
export interface JwtConfig {
  /** JWKS JSON text (JWT_JWKS_FILE) or a PEM public key (JWT_PUBLIC_KEY / JWT_PUBLIC_KEY_FILE). */
  jwks: string | null;
  publicKeyPem: string | null;
  /** JWT_ALGORITHMS (default RS256,ES256). */
  algorithms: readonly string[];
  /** JWT_ISSUER, JWT_AUDIENCE: both required. */
  issuer: string;
  audience: string;
  /** JWT_CLOCK_TOLERANCE_S (default 30). */
  clockToleranceS: number;
}
export interface AuthConfig {
  /** AUTH: on by default in live mode, off in demo mode. */
  enabled: boolean;
  apiKeys: readonly ApiKeyEntry[];
  jwt: JwtConfig | null;
  /** GATEWAY_POLICIES: JSON {principalName: Policy}; overrides the default (all sources). */
  policies: Readonly<Record<string, Policy>>;
  /** The scopes and allow-list keys a policy may name (from the source registry). */
  vocabulary: PolicyVocabulary;
}

/** The words a policy may use: the registry's source keys (plus `*`) and allow-list keys. */
export interface PolicyVocabulary {
  readonly scopes: readonly string[];
  readonly allowLists: readonly string[];
}

export const AUTH_VARIABLES = [
  'AUTH', 'GATEWAY_API_KEYS', 'GATEWAY_API_KEYS_FILE', 'GATEWAY_POLICIES', 'JWT_JWKS_FILE', 'JWT_PUBLIC_KEY',
  'JWT_PUBLIC_KEY_FILE', 'JWT_ALGORITHMS', 'JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_CLOCK_TOLERANCE_S',
] as const;

/** Every source: the policy of a principal without one of its own. */
export const ALL_SOURCES: Policy = Object.freeze({ scopes: Object.freeze(['*']) });

export function readAuthConfig(env: Env, live: boolean, vocabulary: PolicyVocabulary): AuthConfig {
  const policies = parsePolicies(env.GATEWAY_POLICIES, vocabulary);
  const apiKeys = [...parseApiKeys(env.GATEWAY_API_KEYS, policies), ...readApiKeysFile(env.GATEWAY_API_KEYS_FILE, policies, vocabulary)];
  const names = new Set<string>();
  for (const k of apiKeys) {
    if (names.has(k.name)) throw new ConfigError(`API key name "${k.name}" is used twice (GATEWAY_API_KEYS / GATEWAY_API_KEYS_FILE).`);
    names.add(k.name);
  }
  // On with no credential configured, every request is refused (401) and start-up says so
  // (the request guard logs it): failing closed beats serving cost data to anyone.
  return { enabled: bool(env, 'AUTH', live), apiKeys, jwt: jwtConfig(env), policies, vocabulary };
}

function parsePolicy(where: string, raw: unknown, vocabulary: PolicyVocabulary): Policy {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${where} must be an object like {"scopes": ["${vocabulary.scopes[1] ?? '*'}"]}.`);
  const o = raw as Record<string, unknown>;
  const list = (k: string): string[] | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' || typeof x === 'number')) {
      throw new ConfigError(`${where}.${k} must be a list of strings.`);
    }
    return v.map(String);
  };
  const keys = ['scopes', ...vocabulary.allowLists];
  const unknown = Object.keys(o).filter((k) => !keys.includes(k));
  if (unknown.length) throw new ConfigError(`${where} has unknown keys ${unknown.join(', ')} (known: ${keys.join(', ')}).`);
  const scopes = list('scopes') ?? ['*'];
  const bad = scopes.filter((s) => !vocabulary.scopes.includes(s));
  if (bad.length) throw new ConfigError(`${where}.scopes has unknown scopes ${bad.join(', ')} (known: ${vocabulary.scopes.join(', ')}).`);
  const policy: Record<string, readonly string[]> = { scopes };
  for (const k of vocabulary.allowLists) {
    const v = list(k);
    if (v) policy[k] = v;
  }
  return policy as Policy;
}

function parsePolicies(raw: string | undefined, vocabulary: PolicyVocabulary): Record<string, Policy> {
  if (!raw?.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    const scope = vocabulary.scopes.find((s) => s !== '*') ?? '*';
    const list = vocabulary.allowLists[0];
    throw new ConfigError(`GATEWAY_POLICIES must be JSON like {"partner": {"scopes": ["${scope}"]${list ? `, "${list}": ["12"]` : ''}}}.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError('GATEWAY_POLICIES must be a JSON object keyed by principal name.');
  return Object.fromEntries(Object.entries(parsed).map(([name, p]) => [name, parsePolicy(`GATEWAY_POLICIES.${name}`, p, vocabulary)]));
}

const sha256Hex = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');
const KEY_NAME = /^[A-Za-z0-9._@-]{1,64}$/;

function parseApiKeys(raw: string | undefined, policies: Record<string, Policy>): ApiKeyEntry[] {
  if (!raw?.trim()) return [];
  return raw.split(',').map((pair) => pair.trim()).filter(Boolean).map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq).trim() : '';
    const key = eq > 0 ? pair.slice(eq + 1).trim() : '';
    if (!KEY_NAME.test(name) || key.length < 16) {
      // Never echo the pair: it holds a secret.
      throw new ConfigError('GATEWAY_API_KEYS must be "name=key,…" with names of letters, digits or "._@-" and keys of at least 16 characters.');
    }
    return { name, sha256: sha256Hex(key), policy: policies[name] ?? ALL_SOURCES };
  });
}

function readApiKeysFile(file: string | undefined, policies: Record<string, Policy>, vocabulary: PolicyVocabulary): ApiKeyEntry[] {
  if (!file?.trim()) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`GATEWAY_API_KEYS_FILE must name a readable JSON file, but reading "${file}" failed: ${(err as Error).message.split('\n')[0]}`);
  }
  const list = (parsed as { keys?: unknown })?.keys;
  if (!Array.isArray(list)) throw new ConfigError('GATEWAY_API_KEYS_FILE must hold {"keys": [{"name": "…", "key" or "sha256": "…", "scopes": […]}]}.');
  return list.map((entry: unknown, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const where = `GATEWAY_API_KEYS_FILE keys[${i}]`;
    const name = e.name;
    if (typeof name !== 'string' || !KEY_NAME.test(name)) throw new ConfigError(`${where}.name must be letters, digits or "._@-".`);
    let hash: string;
    if (typeof e.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(e.sha256)) hash = e.sha256.toLowerCase();
    else if (typeof e.key === 'string' && e.key.trim().length >= 16) hash = sha256Hex(e.key.trim());
    else throw new ConfigError(`${where} needs "key" (at least 16 characters) or "sha256" (64 hex digits).`);
    const { name: _n, key: _k, sha256: _s, ...rest } = e;
    const policy = Object.keys(rest).length ? parsePolicy(where, rest, vocabulary) : (policies[name] ?? ALL_SOURCES);
    return { name, sha256: hash, policy };
  });
}

function jwtConfig(env: Env): JwtConfig | null {
  const jwksFile = env.JWT_JWKS_FILE?.trim();
  const pemFile = env.JWT_PUBLIC_KEY_FILE?.trim();
  let pem = env.JWT_PUBLIC_KEY?.trim() || null;
  if (!jwksFile && !pemFile && !pem) return null;
  let jwks: string | null = null;
  if (jwksFile) {
    jwks = readNamedFile('JWT_JWKS_FILE', jwksFile);
    try {
      if (!Array.isArray(JSON.parse(jwks).keys)) throw new Error();
    } catch {
      throw new ConfigError('JWT_JWKS_FILE must hold a JSON Web Key Set: {"keys": [...]}.');
    }
  }
  if (pemFile) pem = readNamedFile('JWT_PUBLIC_KEY_FILE', pemFile);
  if (pem && !pem.includes('-----BEGIN PUBLIC KEY-----')) throw new ConfigError('JWT_PUBLIC_KEY(_FILE) must be a PEM "-----BEGIN PUBLIC KEY-----" (SPKI) key.');
  const issuer = env.JWT_ISSUER?.trim();
  const audience = env.JWT_AUDIENCE?.trim();
  if (!issuer || !audience) throw new ConfigError('JWT_ISSUER and JWT_AUDIENCE are required when a JWT key (JWT_JWKS_FILE / JWT_PUBLIC_KEY) is set.');
  const algorithms = (env.JWT_ALGORITHMS ?? 'RS256,ES256').split(',').map((a) => a.trim()).filter(Boolean);
  if (!algorithms.every((a) => /^(RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$/.test(a))) {
    throw new ConfigError(`JWT_ALGORITHMS must list asymmetric algorithms such as RS256,ES256, but got: ${JSON.stringify(env.JWT_ALGORITHMS)}`);
  }
  return { jwks, publicKeyPem: pem, algorithms, issuer, audience, clockToleranceS: int(env, 'JWT_CLOCK_TOLERANCE_S', 30, 0, 600) };
}
