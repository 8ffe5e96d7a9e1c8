import Big from 'big.js';

/**
 * Money and other exact quantities travel as canonical decimal strings in plain notation
 * ("0.00150", never "1.5e-3"). Upstream strings keep their scale; floats are converted once,
 * from their shortest round-trip form.
 */
export type DecimalString = string;

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

// big.js would switch to exponent notation outside these; we always want plain text.
Big.NE = -1_000_000;
Big.PE = 1_000_000;

/** Whether `text` is a plain-notation decimal such as "12", "-0.5" or "0.00150". */
export function isDecimalString(text: string): boolean {
  return PLAIN_DECIMAL.test(text) && text.length <= 100;
}

/** The scale (digits after the point) of a plain decimal string. */
export function scaleOf(text: DecimalString): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * A float from an upstream (USD as a JSON number) as an exact decimal string: the shortest
 * text that round-trips to the same double, rewritten in plain notation.
 */
export function decimalFromNumber(value: number): DecimalString {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const shortest = String(value);
  if (!/[eE]/.test(shortest)) return shortest === '-0' ? '0' : shortest;
  return new Big(shortest).toFixed();
}

/** A decimal that may arrive as a string or a number, normalized; undefined when invalid. */
export function toDecimal(value: unknown): DecimalString | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? decimalFromNumber(value) : undefined;
  if (typeof value === 'string') {
    const t = value.trim();
    if (isDecimalString(t)) return t;
    // Upstreams occasionally send "1e-7" or "+1.5"; accept anything big.js reads exactly.
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) && t.length <= 100) {
      return new Big(t).toFixed();
    }
  }
  return undefined;
}

/** Exact sum, written with the largest scale among the terms ("0.00150" + "0.1" = "0.10150"). */
export function sumDecimals(values: Iterable<DecimalString>): DecimalString {
  let total = new Big(0);
  let scale = 0;
  for (const v of values) {
    total = total.plus(v);
    scale = Math.max(scale, scaleOf(v));
  }
  return total.toFixed(scale);
}

/** Exact comparison: negative, zero or positive like a sort comparator. */
export function compareDecimals(a: DecimalString, b: DecimalString): number {
  return new Big(a).cmp(b);
}
