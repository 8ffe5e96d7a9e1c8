import { describe, expect, it } from 'vitest';
import type { CacheEntry } from '../../src/cache/CacheStore.js';
import { createMemoryStore } from '../../src/cache/createMemoryStore.js';

// The in-memory LRU: what comes out is what went in, within its byte bound, and big answer
// texts are held outside the JS heap (so they do not inflate V8's old-generation growth).
const NOW = 1_000_000;
const entry = (text: string, status = 200): CacheEntry => ({ storedAt: NOW, freshUntil: NOW + 60_000, staleUntil: NOW + 120_000, status, text });

/** A JSON text of about `chars` characters, with multi-byte characters in it. */
const textOf = (chars: number, seed: number) => JSON.stringify({ seed, name: 'Zoë · 数据 · 🚀', pad: 'x'.repeat(Math.max(0, chars - 60)) });

describe('the memory store', () => {
  it('gives back every field and the exact text of small and large answers', async () => {
    const store = createMemoryStore({ maxBytes: 64 << 20, now: () => NOW });
    for (const [i, chars] of [10, 4095, 4096, 100_000, 2_000_000].entries()) {
      const e = entry(textOf(chars, i), 200 + i);
      await store.set(`k${i}`, e);
      expect(await store.get(`k${i}`)).toEqual(e);
    }
  });

  it('holds large answer texts as bytes outside the JS heap', async () => {
    const store = createMemoryStore({ maxBytes: 64 << 20, now: () => NOW });
    const texts = Array.from({ length: 8 }, (_, i) => textOf(1_000_000, i));
    const before = process.memoryUsage().arrayBuffers;
    for (const [i, text] of texts.entries()) await store.set(`big${i}`, entry(text));
    // Strings would not count here; 8 × ~1 MB of UTF-8 bytes do (the margin is for buffers the
    // process frees meanwhile).
    expect(process.memoryUsage().arrayBuffers - before).toBeGreaterThan(6_000_000);
    expect((await store.get('big7'))?.text).toBe(texts[7]);
  });

  it('keeps its bound in UTF-16 code units, least recently used out first', async () => {
    // 3,000 characters count 6,000+ bytes: two of them do not fit in 10,000.
    const store = createMemoryStore({ maxBytes: 10_000, now: () => NOW });
    await store.set('a', entry('a'.repeat(3000)));
    await store.set('b', entry('b'.repeat(3000)));
    expect(await store.get('a')).toBeUndefined();
    expect((await store.get('b'))?.text).toBe('b'.repeat(3000));
    // Larger than the whole store: not kept, and the entry already there stays.
    await store.set('huge', entry('h'.repeat(6000)));
    expect(await store.get('huge')).toBeUndefined();
    expect((await store.get('b'))?.text).toBe('b'.repeat(3000));
  });

  it('forgets an answer once it is past its lifetime', async () => {
    let t = NOW;
    const store = createMemoryStore({ maxBytes: 1 << 20, now: () => t });
    await store.set('k', entry(textOf(50_000, 1)));
    t = NOW + 120_000;
    expect(await store.get('k')).toBeUndefined();
    const fresh = createMemoryStore({ maxBytes: 1 << 20, freshOnly: true, now: () => t });
    t = NOW;
    await fresh.set('k', entry('{"n":1}'));
    t = NOW + 60_000;
    expect(await fresh.get('k')).toBeUndefined();
  });
});
