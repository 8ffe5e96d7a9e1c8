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
 * Resolves a TimeRange input: `end` defaults to `now` (the request's clock, so every field of
 * one operation agrees); an empty or reversed range is BAD_USER_INPUT.
 */
export function resolveTimeRange(range: TimeRangeInput, now: number, argName = 'range'): ResolvedRange {
  const end = range.end ?? now;
  if (!(range.start < end)) {
    throw badUserInput(`\`${argName}.end\` must be after \`${argName}.start\` (ranges are half-open [start, end)).`);
  }
  return { start: range.start, end };
}
