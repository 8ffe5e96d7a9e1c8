import type { Policy } from '../config/authConfig.js';

/** The authenticated caller of one request. */
export interface Principal {
  /** The API key's name or the JWT's `sub` (never the key or the token). */
  readonly name: string;
  readonly kind: 'apiKey' | 'jwt' | 'anonymous';
  readonly policy: Policy;
}

/** The caller when authentication is off (demo mode, or AUTH=off). */
export const ANONYMOUS: Principal = Object.freeze({ name: 'anonymous', kind: 'anonymous', policy: Object.freeze({ scopes: ['*'] }) });
