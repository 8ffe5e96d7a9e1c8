import { describe, expect, it } from 'vitest';
import Big from 'big.js';
import { decimalFromNumber, scaleOf, sumDecimals, toDecimal } from '../../src/lib/decimal.js';

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

describe('sumDecimals agrees with big.js on every path', () => {
  const reference = (values: string[]): string => {
    let total = new Big(0);
    let scale = 0;
    for (const v of values) {
      total = total.plus(v);
      scale = Math.max(scale, scaleOf(v));
    }
    return total.toFixed(scale);
  };

  it('matches on random plain decimals: signs, zeros, scales 0-18, up to 20 digits, up to 40 terms', () => {
    let x = 987654321;
    const rand = (n: number) => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((x / 2 ** 31) * n);
    };
    const decimal = (): string => {
      const intDigits = rand(4) === 0 ? '0' : String(rand(10 ** (1 + rand(9))));
      const scale = rand(5) === 0 ? 0 : rand(19);
      let frac = '';
      for (let i = 0; i < scale; i++) frac += String(rand(10));
      const sign = rand(3) === 0 ? '-' : '';
      return `${sign}${intDigits}${scale ? `.${frac}` : ''}`;
    };
    for (let i = 0; i < 5000; i++) {
      const values = Array.from({ length: rand(40) }, decimal);
      expect(sumDecimals(values), values.join(' + ')).toBe(reference(values));
    }
  });

  it('matches at the edges: 2^53, a zero total with negative terms, big scales, one term', () => {
    for (const values of [
      ['9007199254740991', '1'],
      ['9007199254740.991', '0.001'],
      ['-0.50', '0.5'],
      ['-0', '0'],
      ['0.000000000000000001', '1'],
      ['123456789012345678901234567890.5'],
      ['-1.25'],
      ['0.00150'],
      ['0', '0.0', '0.00'],
    ]) {
      expect(sumDecimals(values), values.join(' + ')).toBe(reference(values));
    }
    // Any iterable, not only arrays.
    expect(sumDecimals(new Set(['0.1', '0.25']))).toBe('0.35');
  });
});
