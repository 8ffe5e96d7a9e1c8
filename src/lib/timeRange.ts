import { badUserInput } from '../errors.js';

/** A half-open instant range [start, end) in epoch ms. */
export interface ResolvedRange {
  start: number;
  end: number;
}

/** The `TimeRange` input as the DateTime scalar parses it (epoch ms). */
export interface TimeRangeInput {
  start: number;
  end?: number | null;
}

/**
 * The request's "now" for ranges: its clock, or the request scope, whose `openEnd` (the clock
 * floored to the minute while the response cache is on) ends now-relative ranges.
 */
export type RangeClock = number | { readonly now: number; readonly openEnd?: number };

/** The end of a now-relative range: `openEnd` when it lies after `start`, else the clock itself. */
export function openEndOf(clock: RangeClock, start = -Infinity): number {
  if (typeof clock === 'number') return clock;
  const end = clock.openEnd ?? clock.now;
  // A range starting within the current minute keeps the exact clock (flooring would empty it).
  return end > start ? end : clock.now;
}

/**
 * Resolves a TimeRange input: `end` defaults to now (the request's clock, so every field of
 * one operation agrees); an empty or reversed range is BAD_USER_INPUT.
 */
export function resolveTimeRange(range: TimeRangeInput, now: RangeClock, argName = 'range'): ResolvedRange {
  const end = range.end ?? openEndOf(now, range.start);
  if (!(range.start < end)) {
    throw badUserInput(`\`${argName}.end\` must be after \`${argName}.start\` (ranges are half-open [start, end)).`);
  }
  return { start: range.start, end };
}
