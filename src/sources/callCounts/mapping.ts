import { badUserInput, upstreamContractError } from '../../errors.js';
import { MS_PER_DAY } from '../../lib/dateTime.js';
import { openEndOf, resolveTimeRange, type RangeClock, type ResolvedRange, type TimeRangeInput } from '../../lib/timeRange.js';
import type { HistoricalBody, LabelBody, SeriesRow, UpstreamRange } from './types.js';

/** The bounds call-counts accepts for either timestamp, epoch seconds. */
const contract = (what: string) => upstreamContractError('CALL_COUNTS', what);

export const MIN_TIMESTAMP_SECONDS = -150_000_000_000;
export const MAX_TIMESTAMP_SECONDS = 3_500_000_000;
/** The contract's pinned default window: the 30 days before now. */
export const DEFAULT_RANGE_MS = 30 * MS_PER_DAY;
/** Raw points are hourly totals stamped at the hour's start. */
export const RAW_BUCKET_SECONDS = 3600;
/** The upstream never returns more points than this; more raw points are merged into as many buckets. */
export const MAX_POINTS = 100;
/**
 * Longest upstream `next_cursor` our Relay cursors carry. The gateway's own cursor cap
 * (MAX_CURSOR_LENGTH) leaves room for this many characters of any content once wrapped.
 */
export const MAX_UPSTREAM_CURSOR = 1536;

/** A point as the schema's `CountPoint` (instants in epoch ms). */
export interface CountPointValue {
  timestamp: number;
  end: number;
  count: number;
}

/** A series as the schema's `CountSeries`. */
export interface CountSeriesValue {
  key: string | null;
  description: string | null;
  dbId: string | null;
  points: CountPointValue[];
  total: number;
  warnings: string[];
  aggregated: boolean;
  bucketSeconds: number | null;
  effectiveRange: ResolvedRange;
}

/** One page of `historical/<label>/`, validated. */
export interface LabelPage {
  series: CountSeriesValue[];
  warnings: string[];
  hasNext: boolean;
  nextCursor: string | null;
}

/**
 * The range a call-counts field asks for: the caller's (end defaulting to now), or, when none is
 * given, the contract's default [now − 30 days, now). Computed here rather than left to the
 * upstream so that `effectiveRange` is exact and later pages reuse it.
 */
export function resolveCallCountsRange(range: TimeRangeInput | null | undefined, clock: RangeClock): ResolvedRange {
  if (range == null) {
    const end = openEndOf(clock);
    return { start: end - DEFAULT_RANGE_MS, end };
  }
  return resolveTimeRange(range, clock);
}

/**
 * [start, end) in ms → the upstream's inclusive float seconds: `end_timestamp = end − 0.001 s`,
 * so a point stamped exactly at `end` is excluded. Out of the upstream's bounds → BAD_USER_INPUT
 * (before any call).
 */
export function toUpstreamRange(range: ResolvedRange, argName = 'range'): UpstreamRange {
  const start_timestamp = range.start / 1000;
  const end_timestamp = (range.end - 1) / 1000;
  const inBounds = (s: number) => s >= MIN_TIMESTAMP_SECONDS && s <= MAX_TIMESTAMP_SECONDS;
  if (!inBounds(start_timestamp) || !inBounds(end_timestamp)) {
    throw badUserInput(
      `\`${argName}\` is outside what call counts can answer: both ends must lie between year -2786 and 2080-11-28T06:13:20Z (epoch seconds ${MIN_TIMESTAMP_SECONDS} to ${MAX_TIMESTAMP_SECONDS}).`,
    );
  }
  return { start_timestamp, end_timestamp };
}

function numbers(value: unknown, what: string): number[] {
  if (!Array.isArray(value)) throw contract(`${what} is not a list`);
  for (const v of value) if (typeof v !== 'number' || !Number.isFinite(v)) throw contract(`${what} holds a value that is not a number`);
  return value as number[];
}

function warningsOf(value: unknown): string[] {
  if (value == null) return [];
  if (!Array.isArray(value)) throw contract('warnings is not a list');
  return value.map((w) => (typeof w === 'string' ? w : JSON.stringify(w)));
}

/** The shared timestamp axis of a response: each point's bounds and what kind of points they are. */
export interface TimeAxis {
  bounds: Array<{ timestamp: number; end: number }>;
  aggregated: boolean;
  bucketSeconds: number | null;
}

const isWholeHour = (t: number) => Math.abs(t - Math.round(t / RAW_BUCKET_SECONDS) * RAW_BUCKET_SECONDS) < 1e-6;

/**
 * Reads the upstream's `timestamps` against the range we asked for (as its contract pins it):
 * - 100 timestamps on the grid `start_timestamp + i·w`, `w = (end_timestamp − start_timestamp)/100`,
 *   in a range holding more than 100 hour stamps (only then does the upstream merge):
 *   the upstream merged more than 100 raw points into 100 equal buckets. Each point ends where the
 *   next starts; the last ends at the range's (exclusive) end, since the upstream's last bucket
 *   includes `end_timestamp` = end − 1 ms. `bucketSeconds` = w exactly as the upstream used it.
 * - otherwise, timestamps on whole hours: raw hourly totals, each [t, t + 1 h) (a range that cuts
 *   an hour includes the hour whose start lies in it, whole).
 * - anything else (a deployment that buckets differently): buckets of unknown width, each ending
 *   where the next starts; `aggregated` true so they are never read as raw samples.
 */
export function toTimeAxis(timestamps: number[], asked: UpstreamRange, range: ResolvedRange): TimeAxis {
  for (let i = 1; i < timestamps.length; i++) {
    if (!(timestamps[i]! > timestamps[i - 1]!)) throw contract('timestamps are not in ascending order');
  }
  const ms = (s: number) => Math.round(s * 1000);
  const chained = () => timestamps.map((t, i) => ({ timestamp: ms(t), end: i + 1 < timestamps.length ? ms(timestamps[i + 1]!) : range.end }));
  const width = (asked.end_timestamp - asked.start_timestamp) / MAX_POINTS;
  // The upstream merges only when MORE than 100 raw (hourly) points fall in the range. A range
  // holding at most 100 hour stamps can never be aggregated, even when its raw stamps happen to
  // lie within the grid's tolerance (exactly 100 whole hours: the grid drifts by ≤ 0.99 ms).
  const hourStamps = Math.floor(asked.end_timestamp / RAW_BUCKET_SECONDS) - Math.ceil(asked.start_timestamp / RAW_BUCKET_SECONDS) + 1;
  const onGrid =
    hourStamps > MAX_POINTS &&
    timestamps.length === MAX_POINTS &&
    timestamps.every((t, i) => Math.abs(t - (asked.start_timestamp + i * width)) <= 0.001);
  if (onGrid) return { bounds: chained(), aggregated: true, bucketSeconds: Math.round(width * 1e6) / 1e6 };
  if (timestamps.every(isWholeHour)) {
    return {
      bounds: timestamps.map((t) => ({ timestamp: ms(t), end: ms(t) + RAW_BUCKET_SECONDS * 1000 })),
      aggregated: false,
      bucketSeconds: RAW_BUCKET_SECONDS,
    };
  }
  return { bounds: chained(), aggregated: true, bucketSeconds: null };
}

function toSeries(
  axis: TimeAxis,
  countsRaw: unknown,
  meta: { key: string | null; description: string | null; dbId: string | null; warnings: string[]; range: ResolvedRange },
): CountSeriesValue {
  const counts = numbers(countsRaw, 'counts');
  if (counts.length !== axis.bounds.length) throw contract('counts and timestamps differ in length');
  let total = 0;
  const points = axis.bounds.map((b, i) => {
    total += counts[i]!;
    return { timestamp: b.timestamp, end: b.end, count: counts[i]! };
  });
  return {
    key: meta.key,
    description: meta.description,
    dbId: meta.dbId,
    points,
    total,
    warnings: meta.warnings,
    aggregated: axis.aggregated,
    bucketSeconds: axis.bucketSeconds,
    effectiveRange: meta.range,
  };
}

/** `historical/` or a scenario's body → one series. */
export function toHistoricalSeries(body: HistoricalBody, asked: UpstreamRange, range: ResolvedRange): CountSeriesValue {
  if (typeof body !== 'object' || body === null) throw contract('the body is not an object');
  const axis = toTimeAxis(numbers(body.timestamps, 'timestamps'), asked, range);
  return toSeries(axis, body.counts, { key: null, description: null, dbId: null, warnings: warningsOf(body.warnings), range });
}

function optionalText(value: unknown, what: string): string | null {
  if (value == null || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw contract(`${what} is not a string`);
}

/** `historical/<label>/` body → a validated page; every series on the page's shared axis. */
export function toLabelPage(body: LabelBody, asked: UpstreamRange, range: ResolvedRange): LabelPage {
  if (typeof body !== 'object' || body === null) throw contract('the body is not an object');
  const axis = toTimeAxis(numbers(body.timestamps, 'timestamps'), asked, range);
  const warnings = warningsOf(body.warnings);
  if (!Array.isArray(body.series)) throw contract('series is not a list');
  const series = body.series.map((row: unknown) => {
    if (typeof row !== 'object' || row === null) throw contract('a series is not an object');
    const r = row as SeriesRow;
    // `key` is a string (an account's name may be empty): only a missing key is outside the contract.
    if (r.key == null) throw contract('a series has no key');
    const key = optionalText(r.key, 'a series key') ?? '';
    const extra = (typeof r.extra_data === 'object' && r.extra_data !== null ? r.extra_data : {}) as { db_id?: unknown };
    return toSeries(axis, r.counts, {
      key,
      description: optionalText(r.description, 'a series description'),
      dbId: optionalText(extra.db_id, 'extra_data.db_id'),
      warnings,
      range,
    });
  });
  const nextCursor = body.next_cursor == null || body.next_cursor === '' ? null : body.next_cursor;
  if (nextCursor !== null && typeof nextCursor !== 'string') throw contract('next_cursor is not a string');
  if (nextCursor !== null && nextCursor.length > MAX_UPSTREAM_CURSOR) throw contract(`next_cursor is longer than ${MAX_UPSTREAM_CURSOR} characters`);
  // has_next without a cursor to follow cannot be paged; trust the cursor over the flag.
  const hasNext = body.has_next === true && nextCursor !== null;
  return { series, warnings, hasNext, nextCursor: hasNext ? nextCursor : null };
}
