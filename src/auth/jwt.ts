import { createLocalJWKSet, importSPKI, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ALL_SOURCES, type JwtConfig, type Policy, type PolicyVocabulary } from '../config/authConfig.js';
import type { Principal } from './Principal.js';

/** Looks like a JWS compact token (three base64url parts); API keys never do. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

/**
 * Verifies bearer JWTs with jose: signature against the JWKS or public key, `iss`, `aud`,
 * `exp`/`nbf` (with clock tolerance), allowed algorithms only. The policy comes from the
 * token's `scope` (space-separated) or `scp` claim (the vocabulary's scopes only) and the
 * `allow` claim (its allow-list keys) when present, else from GATEWAY_POLICIES[sub], else
 * every source.
 */
export async function createJwtVerifier(config: JwtConfig, policies: Readonly<Record<string, Policy>>, vocabulary: PolicyVocabulary) {
  const jwks: JWTVerifyGetKey | null = config.jwks ? createLocalJWKSet(JSON.parse(config.jwks)) : null;
  const pem = jwks ? null : await importSPKI(config.publicKeyPem!, config.algorithms[0]!);
  // Verified tokens are remembered (exact token string → principal) until their `exp` or a
  // minute, whichever is first: an RS256 verification costs ~130 µs, a lookup nothing.
  const verified = new Map<string, { principal: Principal; until: number }>();
  return async (token: string): Promise<Principal | undefined> => {
    const hit = verified.get(token);
    if (hit && hit.until > Date.now()) return hit.principal;
    if (hit) verified.delete(token);
    const result = await verify(token);
    if (result) {
      if (verified.size >= 1000) verified.delete(verified.keys().next().value!);
      verified.set(token, { principal: result.principal, until: Math.min(Date.now() + 60_000, result.exp * 1000) });
    }
    return result?.principal;
  };

  async function verify(token: string): Promise<{ principal: Principal; exp: number } | undefined> {
    let payload: JWTPayload;
    try {
      ({ payload } = jwks ? await jwtVerify(token, jwks, verifyOptions(config)) : await jwtVerify(token, pem!, verifyOptions(config)));
    } catch {
      return undefined;
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') return undefined;
    return { principal: { name: payload.sub.slice(0, 128), kind: 'jwt', policy: policyOf(payload, policies, vocabulary) }, exp: payload.exp! };
  }
}

function verifyOptions(config: JwtConfig) {
  return {
    issuer: config.issuer,
    audience: config.audience,
    algorithms: [...config.algorithms],
    clockTolerance: config.clockToleranceS,
    requiredClaims: ['exp', 'sub'],
  };
}

function policyOf(payload: JWTPayload, policies: Readonly<Record<string, Policy>>, vocabulary: PolicyVocabulary): Policy {
  const claim = payload.scope ?? payload.scp;
  const tokens = typeof claim === 'string' ? claim.split(/\s+/) : Array.isArray(claim) ? claim.map(String) : null;
  if (tokens === null) return policies[payload.sub!] ?? ALL_SOURCES;
  const policy: Record<string, readonly string[]> = { scopes: tokens.filter((t) => vocabulary.scopes.includes(t)) };
  const allow = payload.allow as Record<string, unknown> | undefined;
  if (allow && typeof allow === 'object') {
    for (const k of vocabulary.allowLists) {
      const v = allow[k];
      if (Array.isArray(v)) policy[k] = v.map(String);
    }
  }
  return policy as Policy;
}
