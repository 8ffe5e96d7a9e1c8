import { Temporal } from 'temporal-polyfill';
import { badUserInput } from '../errors.js';

/** The public `CalendarBucket` enum. */
export type CalendarBucket = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH';

/** A half-open instant interval [start, end) in epoch ms. */
export interface Interval {
  start: number;
  end: number;
}

export interface CalendarGrid {
  /** The zone as validated (case-normalized; aliases such as `Asia/Calcutta` stay as given). */
  timezone: string;
  /** The range widened outward to whole buckets; exactly the union of `buckets`. */
  effective: Interval;
  /** Contiguous, in order, each with start < end. */
  buckets: Interval[];
}

/** The most buckets one report may have. */
export const MAX_REPORT_BUCKETS = 1000;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MAX_INSTANT_MS = 8.64e15;

/**
 * Upper bounds of one bucket's length, with room for history's oddest local days (Alaska's
 * 1867 date-line move made one local day about 48 hours). Used only to refuse hopeless ranges
 * before any calendar math; the exact count is enforced while the grid is built.
 */
const MAX_BUCKET_MS: Record<CalendarBucket, number> = { HOUR: HOUR_MS, DAY: 3 * DAY_MS, WEEK: 9 * DAY_MS, MONTH: 33 * DAY_MS };

const SHOWN_ZONE_CHARS = 64;

/**
 * Checks an IANA time zone name and returns it case-normalized (`asia/kolkata` → `Asia/Kolkata`).
 * Aliases (`Asia/Calcutta`, `US/Eastern`) and `UTC` are accepted; fixed offsets (`+05:30`) are
 * not IANA names and are refused. Anything else is BAD_USER_INPUT.
 */
export function validateTimeZone(timezone: string): string {
  const refuse = () => {
    const shown = timezone.length > SHOWN_ZONE_CHARS ? `${timezone.slice(0, SHOWN_ZONE_CHARS)}…` : timezone;
    return badUserInput(`\`timezone\` must be an IANA time zone name such as "Europe/Berlin" or "UTC", but got: ${JSON.stringify(shown)}`);
  };
  // A fixed offset is a valid Temporal zone but not a calendar anyone lives on.
  if (typeof timezone !== 'string' || timezone.length === 0 || timezone.length > 200 || /^[+-]/.test(timezone)) throw refuse();
  try {
    return new Temporal.ZonedDateTime(0n, timezone).timeZoneId;
  } catch {
    throw refuse();
  }
}

function tooManyBuckets(bucket: CalendarBucket): Error {
  return badUserInput(
    `The report would have more than ${MAX_REPORT_BUCKETS} ${bucket} buckets (the limit is ${MAX_REPORT_BUCKETS}); choose a shorter range or a larger bucket.`,
  );
}

/**
 * The calendar grid of `range` in `timezone`: buckets whose boundaries are local-calendar
 * boundaries, as UTC epoch ms, widened outward so that the buckets cover `range` exactly.
 *
 * - DAY starts at the first instant of each local date (00:00, or the first instant that exists
 *   when DST skips midnight); WEEK at Monday's (ISO weeks); MONTH at the 1st's. A local date that
 *   does not exist at all (Pacific/Apia, 2011-12-30) has no bucket.
 * - HOUR buckets run from one local-hour boundary to the next: a local hour repeated at DST end
 *   appears twice (once per offset), a skipped one not at all, and offsets of :30/:45 put the
 *   boundaries at :30/:15 UTC. They are 3600 s long except where an offset change is not a whole
 *   hour (Australia/Lord_Howe's 30-minute DST), which also starts a bucket.
 * - `effective.start` is the start of the bucket containing `range.start`; `effective.end` is the
 *   end of the bucket containing the last instant before `range.end` (an end on a boundary stays).
 *
 * More than MAX_REPORT_BUCKETS buckets, an empty range, or an unknown zone is BAD_USER_INPUT.
 */
export function calendarGrid(range: Interval, bucket: CalendarBucket, timezone: string): CalendarGrid {
  // A dashboard asks for the same report again and again: the grid (pure, ~1 ms of calendar math
  // for 30 days) is remembered, frozen, for a few hundred recent (range, bucket, zone) triples.
  const key = `${range.start} ${range.end} ${bucket} ${timezone}`;
  const known = recentGrids.get(key);
  if (known) return known;
  const grid = freezeGrid(computeGrid(range, bucket, timezone));
  if (recentGrids.size >= RECENT_GRIDS) recentGrids.delete(recentGrids.keys().next().value!);
  recentGrids.set(key, grid);
  return grid;
}

const RECENT_GRIDS = 256;
const recentGrids = new Map<string, CalendarGrid>();

function freezeGrid(grid: CalendarGrid): CalendarGrid {
  for (const b of grid.buckets) Object.freeze(b);
  Object.freeze(grid.buckets);
  Object.freeze(grid.effective);
  return Object.freeze(grid);
}

function computeGrid(range: Interval, bucket: CalendarBucket, timezone: string): CalendarGrid {
  const zone = validateTimeZone(timezone);
  if (!Number.isSafeInteger(range.start) || !Number.isSafeInteger(range.end)) throw badUserInput('`range` must be instants in whole epoch milliseconds.');
  if (!(range.start < range.end)) {
    throw badUserInput('`range.end` must be after `range.start` (ranges are half-open [start, end)).');
  }
  if (!Object.hasOwn(MAX_BUCKET_MS, bucket)) throw badUserInput(`\`bucket\` must be one of HOUR, DAY, WEEK, MONTH, but got: ${JSON.stringify(String(bucket))}`);
  // At least this many buckets whatever the zone does: refuses a century of hours without walking it.
  if ((range.end - range.start) / MAX_BUCKET_MS[bucket] > MAX_REPORT_BUCKETS) throw tooManyBuckets(bucket);
  // Widening past the first or last instant a Date can hold (±8.64e15 ms): Temporal throws a
  // RangeError there, and hour arithmetic would quietly step past it.
  const unrepresentable = () => badUserInput('`range` reaches beyond the instants a calendar grid can represent.');
  let buckets: Interval[];
  try {
    buckets = bucket === 'HOUR' ? hourBuckets(range, zone) : dateBuckets(range, bucket, zone);
  } catch (err) {
    if (err instanceof RangeError) throw unrepresentable();
    throw err;
  }
  const effective = { start: buckets[0]!.start, end: buckets[buckets.length - 1]!.end };
  if (effective.start < -MAX_INSTANT_MS || effective.end > MAX_INSTANT_MS) throw unrepresentable();
  return { timezone: zone, effective, buckets };
}

const zoned = (t: number, zone: string) => Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(zone);

const UNIT = { DAY: { days: 1 }, WEEK: { weeks: 1 }, MONTH: { months: 1 } } as const;

/** DAY, WEEK and MONTH: the starts of consecutive local dates (Mondays, 1sts). */
function dateBuckets(range: Interval, bucket: 'DAY' | 'WEEK' | 'MONTH', zone: string): Interval[] {
  const unit = UNIT[bucket];
  const startOf = (date: Temporal.PlainDate) => date.toZonedDateTime(zone).epochMilliseconds;
  const local = zoned(range.start, zone).toPlainDate();
  let date = bucket === 'DAY' ? local : bucket === 'WEEK' ? local.subtract({ days: local.dayOfWeek - 1 }) : local.with({ day: 1 });
  // Where a DST change crosses midnight backwards, an instant can carry yesterday's date after
  // today has begun: the bucket containing it is the last one starting at or before it.
  while (startOf(date) > range.start) date = date.subtract(unit);
  let start = startOf(date);
  const buckets: Interval[] = [];
  while (start < range.end) {
    date = date.add(unit);
    const end = startOf(date);
    // A skipped date starts where the next one does: no bucket for it.
    if (end <= start) continue;
    if (end <= range.start) {
      start = end;
      continue;
    }
    if (buckets.length === MAX_REPORT_BUCKETS) throw tooManyBuckets(bucket);
    buckets.push({ start, end });
    start = end;
  }
  return buckets;
}

/** The last local-hour boundary at or before `t` under a constant offset. */
function hourFloor(t: number, offsetMs: number): number {
  return t - ((((t + offsetMs) % HOUR_MS) + HOUR_MS) % HOUR_MS);
}

/**
 * HOUR: a bucket is a maximal stretch with one local hour and one offset, so it ends at the
 * next local-hour boundary or the next offset change, whichever comes first. Between offset
 * changes the boundaries are plain arithmetic; the zone is consulted once per change.
 */
function hourBuckets(range: Interval, zone: string): Interval[] {
  let here = zoned(range.start, zone);
  // 'previous' is strictly before its instant: ask from 1 ns later to include a change at range.start.
  const sinceChange = Temporal.Instant.fromEpochNanoseconds(BigInt(range.start) * 1_000_000n + 1n)
    .toZonedDateTimeISO(zone)
    .getTimeZoneTransition('previous');
  let offset = here.offsetNanoseconds / 1e6;
  let nextChange = here.getTimeZoneTransition('next')?.epochMilliseconds ?? Number.POSITIVE_INFINITY;
  let start = Math.max(hourFloor(range.start, offset), sinceChange?.epochMilliseconds ?? Number.NEGATIVE_INFINITY);
  const buckets: Interval[] = [];
  while (start < range.end) {
    if (buckets.length === MAX_REPORT_BUCKETS) throw tooManyBuckets('HOUR');
    const end = Math.min(hourFloor(start, offset) + HOUR_MS, nextChange);
    buckets.push({ start, end });
    start = end;
    if (start >= nextChange && start < range.end) {
      here = zoned(start, zone);
      offset = here.offsetNanoseconds / 1e6;
      nextChange = here.getTimeZoneTransition('next')?.epochMilliseconds ?? Number.POSITIVE_INFINITY;
    }
  }
  return buckets;
}

/** Whether every boundary of `buckets` is a UTC midnight (true for no buckets). */
export function isUtcMidnightGrid(buckets: readonly Interval[]): boolean {
  return buckets.every((b) => b.start % DAY_MS === 0 && b.end % DAY_MS === 0);
}

/** Index of the bucket containing `instantMs` (buckets sorted and contiguous), or -1. */
export function bucketIndexOf(buckets: readonly Interval[], instantMs: number): number {
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const b = buckets[mid]!;
    if (instantMs < b.start) hi = mid - 1;
    else if (instantMs >= b.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
