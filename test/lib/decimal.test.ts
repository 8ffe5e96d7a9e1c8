import { describe, expect, it } from 'vitest';
import { decimalFromNumber, sumDecimals, toDecimal } from '../../src/lib/decimal.js';

describe('decimal', () => {
  it('converts floats from their shortest round-trip form', () => {
    expect(decimalFromNumber(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(decimalFromNumber(0.01234)).toBe('0.01234');
    expect(decimalFromNumber(1.5e-9)).toBe('0.0000000015');
    expect(decimalFromNumber(1e21)).toBe('1000000000000000000000');
    expect(decimalFromNumber(-0)).toBe('0');
  });

  it('sums exactly with the largest scale of the terms', () => {
    expect(sumDecimals(['0.00150', '0.1'])).toBe('0.10150');
    expect(sumDecimals(['0.10000', '0.20000'])).toBe('0.30000');
    expect(sumDecimals([])).toBe('0');
  });

  it('normalizes tolerated upstream forms and refuses the rest', () => {
    expect(toDecimal('1e-3')).toBe('0.001');
    expect(toDecimal(' 2.50 ')).toBe('2.50');
    expect(toDecimal('abc')).toBeUndefined();
    expect(toDecimal(Infinity)).toBeUndefined();
    expect(toDecimal(null)).toBeUndefined();
  });
});
