import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry } from '../config/authConfig.js';
import type { Principal } from './Principal.js';

/**
 * Finds the API key's principal. Keys are compared as SHA-256 digests with timingSafeEqual
 * against every configured key (no early exit), so neither the key's length nor how many
 * characters match shows in the timing. A key that verified is remembered (at most one entry
 * per configured key: only a configured key verifies), so a valid caller's requests skip the
 * digest (~2% of a small request's CPU); whether a key is valid is what the answer tells
 * anyway. Invalid keys are never remembered and always take the full comparison.
 */
export function createApiKeyVerifier(entries: readonly ApiKeyEntry[]) {
  const digests = entries.map((e) => ({ digest: Buffer.from(e.sha256, 'hex'), principal: { name: e.name, kind: 'apiKey', policy: e.policy } as Principal }));
  const verified = new Map<string, Principal>();
  return (key: string): Principal | undefined => {
    const known = verified.get(key);
    if (known) return known;
    const candidate = createHash('sha256').update(key, 'utf8').digest();
    let found: Principal | undefined;
    for (const d of digests) {
      if (timingSafeEqual(candidate, d.digest)) found = d.principal;
    }
    if (found) verified.set(key, found);
    return found;
  };
}
