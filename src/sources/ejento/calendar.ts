import { MS_PER_DAY, startOfUtcDay } from '../../lib/dateTime.js';
import type { ResolvedRange } from '../../lib/timeRange.js';
import type { EjentoBucketName } from './types.js';

/** Start of the UTC calendar bucket containing `ms`: the day, the ISO week's Monday, the month's 1st. */
export function bucketStart(ms: number, bucket: EjentoBucketName): number {
  const day = startOfUtcDay(ms);
  if (bucket === 'DAY') return day;
  const d = new Date(day);
  if (bucket === 'WEEK') return day - ((d.getUTCDay() + 6) % 7) * MS_PER_DAY;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Start of the bucket after the one starting at `start`. */
export function nextBucket(start: number, bucket: EjentoBucketName): number {
  if (bucket === 'DAY') return start + MS_PER_DAY;
  if (bucket === 'WEEK') return start + 7 * MS_PER_DAY;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** Largest number of buckets a series may have (a 10-year window by day). */
export const MAX_BUCKETS = 3660;

/**
 * The buckets of a window: from the bucket containing its start to the bucket containing its
 * last instant (end − 1 ms, since the range is half-open), not clipped to the window.
 */
export function bucketGrid(range: ResolvedRange, bucket: EjentoBucketName): ResolvedRange[] {
  const out: ResolvedRange[] = [];
  const last = bucketStart(range.end - 1, bucket);
  for (let s = bucketStart(range.start, bucket); s <= last && out.length < MAX_BUCKETS; ) {
    const e = nextBucket(s, bucket);
    out.push({ start: s, end: e });
    s = e;
  }
  return out;
}
