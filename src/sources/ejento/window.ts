import { badUserInput } from '../../errors.js';
import { MS_PER_DAY, formatDateTime, startOfUtcDay } from '../../lib/dateTime.js';
import { openEndOf, resolveTimeRange, type RangeClock, type TimeRangeInput } from '../../lib/timeRange.js';
import type { QueryValue } from '../http.js';
import type { EjentoBucketName, EjentoWindowSpec } from './types.js';

/** The `EjentoWindow` input as GraphQL delivers it. */
export interface EjentoWindowInput {
  lastDays?: number | null;
  range?: TimeRangeInput | null;
}

export const DEFAULT_LAST_DAYS = 30;
export const MAX_LAST_DAYS = 3650;

/**
 * Resolves a window against the request's clock. `{lastDays: N}` → `type=fixed&days=N`,
 * covering [00:00 UTC N days before today, now); `{range}` → `type=range` with datetimes, which
 * Ejento treats as [start, end) exactly. Omitted → lastDays 30. @oneOf is enforced by GraphQL;
 * it is re-checked here because the loaders may be called from anywhere.
 */
export function toEjentoWindow(input: EjentoWindowInput | null | undefined, clock: RangeClock, argName = 'window'): EjentoWindowSpec {
  const now = typeof clock === 'number' ? clock : clock.now;
  const hasDays = input?.lastDays !== undefined && input?.lastDays !== null;
  const hasRange = input?.range !== undefined && input?.range !== null;
  if (input && hasDays === hasRange) {
    throw badUserInput(`\`${argName}\` must set exactly one of \`lastDays\` or \`range\`.`);
  }
  if (hasRange) {
    const r = resolveTimeRange(input!.range!, clock, `${argName}.range`);
    if (r.end - r.start > MAX_LAST_DAYS * MS_PER_DAY) {
      throw badUserInput(`\`${argName}.range\` may span at most ${MAX_LAST_DAYS} days.`);
    }
    return {
      key: `r:${r.start}:${r.end}`,
      query: { type: 'range', start_date: formatDateTime(r.start), end_date: formatDateTime(r.end) },
      effective: r,
    };
  }
  const days = hasDays ? input!.lastDays! : DEFAULT_LAST_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_LAST_DAYS) {
    throw badUserInput(`\`${argName}.lastDays\` must be an integer from 1 to ${MAX_LAST_DAYS}, but got ${days}.`);
  }
  return {
    key: `d:${days}`,
    query: { type: 'fixed', days },
    effective: { start: startOfUtcDay(now) - days * MS_PER_DAY, end: openEndOf(clock) },
  };
}

/** `time_series=true&bucket_type=…` for a bucket; nothing without one. */
export function bucketQuery(bucket: EjentoBucketName | null): Record<string, QueryValue> {
  return bucket ? { time_series: 'true', bucket_type: bucket.toLowerCase() } : {};
}
