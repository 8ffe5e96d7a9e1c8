import { describe, expect, it } from 'vitest';
import { ejentoId } from '../../../src/sources/ejento/resolvers.js';

describe('ejentoId', () => {
  it('keeps canonical ids as they are and canonicalizes leading zeros', () => {
    expect(ejentoId('id', '0')).toBe('0');
    expect(ejentoId('id', '7')).toBe('7');
    expect(ejentoId('id', '10')).toBe('10');
    expect(ejentoId('id', '123456789012345678')).toBe('123456789012345678');
    expect(ejentoId('id', '007')).toBe('7');
    expect(ejentoId('id', '00')).toBe('0');
    expect(ejentoId('id', '0100')).toBe('100');
  });

  it('refuses anything but 1 to 18 digits with BAD_USER_INPUT', () => {
    for (const bad of ['', '-1', '1.5', ' 1', '1e3', '0x10', '1234567890123456789', 'abc']) {
      expect(() => ejentoId('id', bad), bad).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    }
  });
});
