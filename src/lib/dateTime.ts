/**
 * Instants are epoch milliseconds inside the gateway. These helpers are the only place that
 * turns them into or out of text, so every source agrees on the wire form.
 */

// RFC 3339 date-time: a date, 'T', a time with optional fraction, and 'Z' or a numeric offset.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

export const MS_PER_DAY = 86_400_000;

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** Date.UTC without its quirk of reading years 0–99 as 1900–1999. */
function utc(year: number, monthIndex: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const t = Date.UTC(year, monthIndex, day, hour, minute, second, ms);
  if (year >= 100 || year < 0) return t;
  const d = new Date(t);
  d.setUTCFullYear(year, monthIndex, day);
  return d.getTime();
}

/** Two ASCII digits at `i` as a number, or -1. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48, b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

// Upstream bucket lists repeat one day's prefix thousands of times: its epoch is remembered.
let lastDayKey = '';
let lastDayMs = 0;

/**
 * The common case, `YYYY-MM-DDTHH:MM:SSZ` (20 characters, no fraction), without the regex:
 * a bucket list parses thousands of these per answer. Undefined means "take the general path"
 * (which also rejects what is invalid).
 */
function parseCanonicalUtc(text: string): number | undefined {
  if (text.length !== 20 || text.charCodeAt(19) !== 90 /* Z */ || text.charCodeAt(10) !== 84 /* T */) return undefined;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const hour = twoDigits(text, 11), minute = twoDigits(text, 14), second = twoDigits(text, 17);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const dayKey = text.slice(0, 10);
  if (dayKey !== lastDayKey) {
    const day = parseDate(dayKey);
    if (day === undefined) return undefined;
    lastDayKey = dayKey;
    lastDayMs = day;
  }
  return lastDayMs + ((hour * 60 + minute) * 60 + second) * 1000;
}

/** Parses an RFC 3339 date-time (any offset) to epoch ms, or returns undefined. */
export function parseDateTime(text: string): number | undefined {
  const fast = parseCanonicalUtc(text);
  if (fast !== undefined) return fast;
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = m;
  const year = Number(y), month = Number(mo), day = Number(d);
  const hour = Number(h), minute = Number(mi), second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  // A leap second (:60) has no epoch representation; refuse rather than guess.
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMin = 0;
  if (!z) {
    const offH = Number(oh), offM = Number(om);
    if (offH > 23 || offM > 59) return undefined;
    offsetMin = (offH * 60 + offM) * (sign === '-' ? -1 : 1);
  }
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000 + 1e-6) : 0;
  const epoch = utc(year, month - 1, day, hour, minute, second, ms) - offsetMin * 60_000;
  return Number.isFinite(epoch) && Math.abs(epoch) <= 8.64e15 ? epoch : undefined;
}

/** Parses `YYYY-MM-DD` to the epoch ms of that day's 00:00 UTC, or returns undefined. */
export function parseDate(text: string): number | undefined {
  const m = DATE_ONLY.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]), month = Number(m[2]), day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return utc(year, month - 1, day);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

// Bucket lists format each instant twice (one bucket's end is the next one's start).
let lastEpoch = Number.NaN;
let lastText = '';

/** `YYYY-MM-DDTHH:MM:SSZ`, with `.mmm` only when the milliseconds are not zero. */
export function formatDateTime(epochMs: number): string {
  if (epochMs === lastEpoch) return lastText;
  const text = formatDateTimeUncached(epochMs);
  lastEpoch = epochMs;
  lastText = text;
  return text;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => pad(i));
// The day prefix (`YYYY-MM-DDT`) of the last instant formatted: a bucket list stays in a few days.
let prefixDay = Number.NaN;
let prefix = '';
// `HH:MM:SSZ` by second of the day, made on first use: an instant is then one concatenation,
// ~3x cheaper to format and to serialize than joining its parts (bucket grids use a few hundred).
const TIME_OF_DAY: Array<string | undefined> = new Array<string | undefined>(86_400);

function timeOfDay(second: number): string {
  let text = TIME_OF_DAY[second];
  if (text === undefined) {
    const s = second % 60, m = ((second - s) / 60) % 60, h = (second - s - m * 60) / 3600;
    text = TIME_OF_DAY[second] = `${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[s]}Z`;
  }
  return text;
}

function formatDateTimeUncached(epochMs: number): string {
  // Years 0000-9999: the day's prefix once, the time of day from its table (toISOString costs ~1 µs each).
  if (epochMs >= -62_167_219_200_000 && epochMs < 253_402_300_800_000 && Number.isInteger(epochMs)) {
    const day = Math.floor(epochMs / MS_PER_DAY) * MS_PER_DAY;
    if (day !== prefixDay) {
      prefix = new Date(day).toISOString().slice(0, 11);
      prefixDay = day;
    }
    const rest = epochMs - day;
    const ms = rest % 1000;
    const time = timeOfDay((rest - ms) / 1000);
    return ms === 0 ? prefix + time : `${prefix}${time.slice(0, 8)}.${pad(ms, 3)}Z`;
  }
  const d = new Date(epochMs);
  const base =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  return ms === 0 ? `${base}Z` : `${base}.${pad(ms, 3)}Z`;
}

/** `YYYY-MM-DD` of the UTC day containing `epochMs`. */
export function formatDate(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** 00:00 UTC of the day containing `epochMs`. */
export function startOfUtcDay(epochMs: number): number {
  return Math.floor(epochMs / MS_PER_DAY) * MS_PER_DAY;
}
