import type { EstimateFrame } from '../sources/SourceDefinition.js';

/** The shared pieces of the sources' list-size estimators. */

/** A list nothing tells the size of (priced the same everywhere). */
export const UNKNOWN_LIST = 10;

/** A non-negative numeric argument, or `fallback` when absent or not a number. */
export function sizeArg(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.max(0, v) : fallback;
}

/** The arguments of the nearest ancestor field named `field`, if any. */
export function argsOf(ancestors: readonly EstimateFrame[], field: string): Readonly<Record<string, unknown>> | undefined {
  return ancestors.find((f) => f.field === field)?.args;
}

/** A TimeRange argument's length in ms (`end` omitted = now), or `fallback` when unusable. */
export function rangeMs(range: unknown, now: number, fallback: number): number {
  const r = range as { start?: unknown; end?: unknown } | undefined;
  if (!r || r.start === undefined) return fallback;
  const ms = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN);
  const start = ms(r.start);
  const end = r.end == null ? now : ms(r.end);
  return Number.isFinite(start) && Number.isFinite(end) && end > start ? end - start : fallback;
}
