import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApiKeyVerifier } from '../../src/auth/apiKeys.js';

const sha = (k: string) => createHash('sha256').update(k, 'utf8').digest('hex');
const KEY_A = 'key-a-0123456789abcdef0123456789abcdef';
const KEY_B = 'key-b-0123456789abcdef0123456789abcdef';

describe('createApiKeyVerifier', () => {
  const verify = createApiKeyVerifier([
    { name: 'a', sha256: sha(KEY_A), policy: null },
    { name: 'b', sha256: sha(KEY_B), policy: null },
  ] as never);

  it('keeps each key to its own principal once verified keys are remembered', () => {
    for (let i = 0; i < 3; i++) {
      expect(verify(KEY_A)?.name).toBe('a');
      expect(verify(KEY_B)?.name).toBe('b');
    }
  });

  it('never admits a near miss of a remembered key', () => {
    expect(verify(KEY_A)?.name).toBe('a');
    expect(verify(`${KEY_A} `)).toBeUndefined();
    expect(verify(KEY_A.slice(0, -1))).toBeUndefined();
    expect(verify(KEY_A.toUpperCase())).toBeUndefined();
    expect(verify('')).toBeUndefined();
    // A refused key stays refused on every try (invalid keys are not remembered as anything).
    expect(verify('nope')).toBeUndefined();
    expect(verify('nope')).toBeUndefined();
  });
});
