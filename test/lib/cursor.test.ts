import { describe, expect, it } from 'vitest';
import { MAX_CURSOR_LENGTH, bindingOf, decodeCursor, encodeCursor } from '../../src/lib/cursor.js';
import { MAX_UPSTREAM_CURSOR } from '../../src/sources/callCounts/mapping.js';
import { pathSegment } from '../../src/lib/pathSegment.js';
import { GatewayError } from '../../src/errors.js';

const bad = (fn: () => unknown) => {
  try {
    fn();
    return false;
  } catch (e) {
    return e instanceof GatewayError && e.code === 'BAD_USER_INPUT';
  }
};

describe('cursors', () => {
  const b = bindingOf(['userCosts', 'main', 'admin', 1, null]);

  it('round-trips a payload bound to its kind and arguments', () => {
    const c = encodeCursor('userCosts', b, { i: 3 });
    expect(decodeCursor('userCosts', b, c).i).toBe(3);
  });

  it('refuses another kind, other arguments, garbage and over-long input', () => {
    const c = encodeCursor('userCosts', b, { i: 3 });
    expect(bad(() => decodeCursor('series', b, c))).toBe(true);
    expect(bad(() => decodeCursor('userCosts', bindingOf(['x']), c))).toBe(true);
    expect(bad(() => decodeCursor('userCosts', b, 'not base64!'))).toBe(true);
    expect(bad(() => decodeCursor('userCosts', b, Buffer.from('[1]').toString('base64url')))).toBe(true);
    expect(bad(() => decodeCursor('userCosts', b, 'A'.repeat(5000)))).toBe(true);
  });
});

describe('the cursor cap', () => {
  it('holds a wrapped upstream cursor of the longest length in its most inflating content, and nothing longer than the cap', () => {
    // Every character a 6-byte JSON escape; the payload around it at its largest.
    const upstream = '\u0001'.repeat(MAX_UPSTREAM_CURSOR);
    const b = bindingOf(['callCountsByLabel', 'ENDPOINTS', '2026-11-18T00:00:00Z', null]);
    const payload = { c: upstream, o: 127, d: false, s: -Number.MAX_SAFE_INTEGER, e: Number.MAX_SAFE_INTEGER };
    const cursor = encodeCursor('callCountsByLabel', b, payload);
    expect(cursor.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
    expect(decodeCursor('callCountsByLabel', b, cursor).c).toBe(upstream);
    const over = cursor + 'A'.repeat(MAX_CURSOR_LENGTH + 1 - cursor.length);
    expect(bad(() => decodeCursor('callCountsByLabel', b, over))).toBe(true);
  });
});

describe('path segments', () => {
  it('accepts names, emails and dots inside', () => {
    expect(pathSegment('org', 'main')).toBe('main');
    expect(pathSegment('userId', 'admin@main.org')).toBe('admin%40main.org');
  });

  it.each(['..', '.', 'a/b', '%2F', 'a?b', 'a#b', 'a\u0000b', '', 'x'.repeat(129), 'a b'])('refuses %j', (v) => {
    expect(bad(() => pathSegment('org', v))).toBe(true);
  });
});
