import { describe, expect, it } from 'vitest';
import { Kind } from 'graphql';
import { DateTimeScalar } from '../../src/scalars/DateTimeScalar.js';
import { DateScalar } from '../../src/scalars/DateScalar.js';
import { DecimalScalar } from '../../src/scalars/DecimalScalar.js';
import { GatewayError } from '../../src/errors.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof GatewayError ? err.code : 'OTHER';
  }
  return undefined;
}

describe('DateTime scalar', () => {
  it('parses any offset to the same instant and serializes UTC with Z', () => {
    const a = DateTimeScalar.parseValue('2026-11-01T09:30:00+02:00');
    const b = DateTimeScalar.parseValue('2026-11-01T07:30:00Z');
    expect(a).toBe(b);
    expect(DateTimeScalar.serialize(a)).toBe('2026-11-01T07:30:00Z');
  });

  it('writes milliseconds only when they are not zero', () => {
    expect(DateTimeScalar.serialize(Date.UTC(2026, 0, 1, 0, 0, 0, 5))).toBe('2026-01-01T00:00:00.005Z');
    expect(DateTimeScalar.serialize(DateTimeScalar.parseValue('2026-01-01T00:00:00.999999Z'))).toBe('2026-01-01T00:00:00.999Z');
  });

  it.each(['2026-02-30T00:00:00Z', '2026-11-01T24:00:00Z', '2026-11-01T00:00:00', '2026-11-01', 'yesterday', '', '2026-11-01T00:00:60Z'])(
    'refuses %j with BAD_USER_INPUT',
    (text) => {
      expect(code(() => DateTimeScalar.parseValue(text))).toBe('BAD_USER_INPUT');
    },
  );

  it('refuses non-string literals with BAD_USER_INPUT', () => {
    expect(code(() => DateTimeScalar.parseLiteral({ kind: Kind.INT, value: '5' }, {}))).toBe('BAD_USER_INPUT');
  });

  it('keeps years 0000–0099 (Date.UTC would read them as 1900–1999), leap days included', () => {
    for (const text of ['0050-01-01T00:00:00Z', '0000-02-29T12:00:00Z', '0099-12-31T23:59:59.5Z', '0100-03-01T00:00:00Z']) {
      expect(DateTimeScalar.serialize(DateTimeScalar.parseValue(text))).toBe(text.replace('.5Z', '.500Z'));
    }
    expect(DateTimeScalar.parseValue('0050-01-01T00:00:00+01:00')).toBe(Date.parse('0049-12-31T23:00:00Z'));
    expect(code(() => DateTimeScalar.parseValue('0001-02-29T00:00:00Z'))).toBe('BAD_USER_INPUT');
  });
});

describe('Date scalar', () => {
  it('accepts real calendar dates only', () => {
    expect(DateScalar.parseValue('2024-02-29')).toBe('2024-02-29');
    expect(code(() => DateScalar.parseValue('2026-02-29'))).toBe('BAD_USER_INPUT');
    expect(code(() => DateScalar.parseValue('2026-1-01'))).toBe('BAD_USER_INPUT');
  });
});

describe('Decimal scalar', () => {
  it('keeps strings exactly and never writes exponents', () => {
    expect(DecimalScalar.parseValue('0.00150')).toBe('0.00150');
    expect(DecimalScalar.serialize(1e-7)).toBe('0.0000001');
    expect(DecimalScalar.serialize(0.1)).toBe('0.1');
    expect(DecimalScalar.serialize('0.00150')).toBe('0.00150');
  });

  it.each([0.5, '1e-3', 'abc', '', '1.', NaN])('refuses %j as input', (v) => {
    expect(code(() => DecimalScalar.parseValue(v))).toBe('BAD_USER_INPUT');
  });
});
