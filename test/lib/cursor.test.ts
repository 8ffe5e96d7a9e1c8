import { describe, expect, it } from 'vitest';
import { bindingOf, decodeCursor, encodeCursor } from '../../src/lib/cursor.js';
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

describe('path segments', () => {
  it('accepts names, emails and dots inside', () => {
    expect(pathSegment('org', 'main')).toBe('main');
    expect(pathSegment('userId', 'admin@main.org')).toBe('admin%40main.org');
  });

  it.each(['..', '.', 'a/b', '%2F', 'a?b', 'a#b', 'a\u0000b', '', 'x'.repeat(129), 'a b'])('refuses %j', (v) => {
    expect(bad(() => pathSegment('org', v))).toBe(true);
  });
});
