import type { IncomingHttpHeaders } from 'node:http';
import type { AuthConfig } from '../config/authConfig.js';
import { ErrorCode, GatewayError } from '../errors.js';
import { createApiKeyVerifier } from './apiKeys.js';
import { createJwtVerifier, looksLikeJwt } from './jwt.js';
import { ANONYMOUS, type Principal } from './Principal.js';

export type Authenticator = (headers: IncomingHttpHeaders) => Promise<Principal>;

const unauthenticated = (message: string) => new GatewayError(ErrorCode.UNAUTHENTICATED, message);

/**
 * Builds the caller authentication of the gateway: an API key (`x-api-key`, or
 * `Authorization: Bearer <key>`) or a JWT (`Authorization: Bearer <jwt>`). Anything missing
 * or invalid is UNAUTHENTICATED; the message never repeats what was sent.
 */
export async function createAuthenticator(config: AuthConfig): Promise<Authenticator> {
  if (!config.enabled) return async () => ANONYMOUS;
  const apiKey = createApiKeyVerifier(config.apiKeys);
  const jwt = config.jwt ? await createJwtVerifier(config.jwt, config.policies, config.vocabulary) : null;
  return async (headers) => {
    const xApiKey = single(headers['x-api-key']);
    const authorization = single(headers.authorization);
    if (xApiKey) {
      const p = apiKey(xApiKey);
      if (p) return p;
      throw unauthenticated('The API key is not valid.');
    }
    if (!authorization) {
      throw unauthenticated('Authentication required: send `Authorization: Bearer <API key or JWT>` or `x-api-key: <API key>`.');
    }
    const m = /^Bearer[ ]+(\S{1,8192})\s*$/i.exec(authorization);
    if (!m) throw unauthenticated('The Authorization header must be `Bearer <API key or JWT>`.');
    const token = m[1]!;
    if (jwt && looksLikeJwt(token)) {
      const p = await jwt(token);
      if (p) return p;
      throw unauthenticated('The bearer token is not valid (signature, issuer, audience or expiry).');
    }
    const p = apiKey(token);
    if (p) return p;
    throw unauthenticated('The bearer credential is not valid.');
  };
}

function single(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.trim() !== '' ? s.trim() : undefined;
}
