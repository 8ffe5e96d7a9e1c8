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
  const terms = Array.isArray(values) ? (values as readonly DecimalString[]) : [...values];
  return sumSmall(terms) ?? sumBig(terms);
}

function sumBig(values: readonly DecimalString[]): DecimalString {
  let total = new Big(0);
  let scale = 0;
  for (const v of values) {
    total = total.plus(v);
    scale = Math.max(scale, scaleOf(v));
  }
  return total.toFixed(scale);
}

const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * The same sum in integers of the largest scale when every term, scaled, and every partial sum
 * stay exact in a double (|n| < 2^53): money amounts almost always do. Undefined otherwise, and
 * for a zero total with a negative term (big.js's sign of zero decides that text), so the caller
 * takes big.js. ~20x cheaper than big.js, which parses and allocates per term.
 */
function sumSmall(values: readonly DecimalString[]): DecimalString | undefined {
  const scales = values.map(scaleOf);
  let scale = 0;
  for (const s of scales) if (s > scale) scale = s;
  if (scale > 15) return undefined;
  let total = 0;
  let negative = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!, s = scales[i]!;
    const digits = s === 0 ? v : v.slice(0, v.length - s - 1) + v.slice(v.length - s);
    const sign = digits.charCodeAt(0) === 45; // '-'
    // 15 digits (a sign aside) always parse exactly; the scaled product is checked below.
    if (digits.length > (sign ? 16 : 15)) return undefined;
    const n = Number(digits) * POW10[scale - s]!;
    negative ||= sign;
    total += n;
    if (!Number.isSafeInteger(n) || !Number.isSafeInteger(total)) return undefined;
  }
  if (total === 0 && negative) return undefined;
  const abs = String(Math.abs(total));
  const sign = total < 0 ? '-' : '';
  if (scale === 0) return sign + abs;
  const padded = abs.length <= scale ? '0'.repeat(scale - abs.length + 1) + abs : abs;
  return `${sign}${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
}

/** Exact comparison: negative, zero or positive like a sort comparator. */
export function compareDecimals(a: DecimalString, b: DecimalString): number {
  return new Big(a).cmp(b);
}
