import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry } from '../config/authConfig.js';
import type { Principal } from './Principal.js';

/**
 * Finds the API key's principal. Keys are compared as SHA-256 digests with timingSafeEqual
 * against every configured key (no early exit), so neither the key's length nor how many
 * characters match shows in the timing.
 */
export function createApiKeyVerifier(entries: readonly ApiKeyEntry[]) {
  const digests = entries.map((e) => ({ digest: Buffer.from(e.sha256, 'hex'), principal: { name: e.name, kind: 'apiKey', policy: e.policy } as Principal }));
  return (key: string): Principal | undefined => {
    const candidate = createHash('sha256').update(key, 'utf8').digest();
    let found: Principal | undefined;
    for (const d of digests) {
      if (timingSafeEqual(candidate, d.digest)) found = d.principal;
    }
    return found;
  };
}
