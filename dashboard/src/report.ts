// The costReport operation and the pure transformations the page shows: no DOM here, so the
// gateway's test suite can check them directly.
import { Temporal } from 'temporal-polyfill';

export const COST_REPORT_QUERY = `query CostReport($range: TimeRange!, $bucket: CalendarBucket!, $timezone: String, $sources: CostReportSources!) {
  costReport(range: $range, bucket: $bucket, timezone: $timezone, sources: $sources) {
    timezone bucket effectiveRange { start end }
    buckets { start end total { amount currency } bySource { source cost { amount currency } } }
    total { amount currency }
    sources { source status reason code }
  }
}`;

export type CalendarBucket = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH';
export const CALENDAR_BUCKETS: readonly CalendarBucket[] = ['HOUR', 'DAY', 'WEEK', 'MONTH'];

export interface Money {
  amount: string;
  currency: string;
}

export interface CostReport {
  timezone: string;
  bucket: CalendarBucket;
  effectiveRange: { start: string; end: string };
  buckets: Array<{ start: string; end: string; total: Money | null; bySource: Array<{ source: string; cost: Money | null }> }>;
  total: Money | null;
  sources: Array<{ source: string; status: string; reason: string | null; code: string | null }>;
}

/** The `sources` argument: each checked source with its fields. */
export interface CostReportSources {
  iblai?: { org: string; userId: string };
  callStats?: { projectId: string };
  ejento?: { scope?: string; id?: string };
}

/** The table as the page shows it: one row per bucket, one column per source, plus totals. */
export interface CostTable {
  /** Source names in the order of the report's `sources`, then any others seen in buckets. */
  sources: string[];
  rows: Array<{ start: string; end: string; label: string; cells: Array<string | null>; total: string | null }>;
  /** Per-source sums of the column (exact), and the report's own total. */
  footer: { cells: Array<string | null>; total: string | null };
  currency: string;
}

/** Adds plain-notation decimal strings exactly (the gateway's Decimal scalar never uses exponents). */
export function sumDecimals(values: readonly string[]): string {
  let scale = 0;
  for (const v of values) scale = Math.max(scale, (v.split('.')[1] ?? '').length);
  let sum = 0n;
  for (const v of values) {
    const negative = v.startsWith('-');
    const [int = '0', frac = ''] = v.replace(/^[+-]/, '').split('.');
    const scaled = BigInt(int + frac.padEnd(scale, '0'));
    sum += negative ? -scaled : scaled;
  }
  const negative = sum < 0n;
  const digits = (negative ? -sum : sum).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

function partsIn(zone: string, withTime: boolean): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' } : {}),
  } as Intl.DateTimeFormatOptions);
}

/**
 * Labels bucket starts in `zone`, at the bucket's grain: `2026-11-01 01:00 EDT` (the zone name
 * tells the two 01:00 hours of a fall-back night apart), `Sun 2026-11-01`, `week of 2026-10-26`,
 * `2026-11`.
 */
export function bucketLabeler(zone: string, bucket: CalendarBucket): (isoInstant: string) => string {
  const f = partsIn(zone, bucket === 'HOUR');
  return (isoInstant) => {
    const p = Object.fromEntries(f.formatToParts(new Date(isoInstant)).map((x) => [x.type, x.value]));
    const date = `${p.year}-${p.month}-${p.day}`;
    switch (bucket) {
      case 'HOUR':
        return `${date} ${p.hour}:${p.minute} ${p.timeZoneName}`;
      case 'DAY':
        return `${p.weekday} ${date}`;
      case 'WEEK':
        return `week of ${date}`;
      case 'MONTH':
        return `${p.year}-${p.month}`;
    }
  };
}

/** The report as a table: amounts stay exact strings; a source missing from a bucket is null. */
export function toCostTable(report: CostReport): CostTable {
  const sources = report.sources.map((s) => s.source);
  for (const b of report.buckets) for (const s of b.bySource) if (!sources.includes(s.source)) sources.push(s.source);
  const label = bucketLabeler(report.timezone, report.bucket);
  const rows = report.buckets.map((b) => {
    const bySource = new Map(b.bySource.map((s) => [s.source, s.cost?.amount ?? null]));
    return { start: b.start, end: b.end, label: label(b.start), cells: sources.map((s) => bySource.get(s) ?? null), total: b.total?.amount ?? null };
  });
  const footer = {
    cells: sources.map((_, i) => {
      const column = rows.map((r) => r.cells[i]).filter((c): c is string => c !== null);
      return column.length === 0 ? null : sumDecimals(column);
    }),
    total: report.total?.amount ?? null,
  };
  const currency = report.total?.currency ?? report.buckets.find((b) => b.total)?.total?.currency ?? 'USD';
  return { sources, rows, footer, currency };
}

/**
 * Stacked bar heights: series k is the sum of sources 0..k per bucket, so drawing the last
 * (tallest) first and each lower one over it shows the stack. Floats are fine for pixels.
 */
export function stackedSeries(table: CostTable): number[][] {
  const stacked: number[][] = [];
  let running = table.rows.map(() => 0);
  table.sources.forEach((_, i) => {
    running = running.map((sum, r) => sum + Number(table.rows[r]!.cells[i] ?? 0));
    stacked.push(running);
  });
  return stacked;
}

/** Lower-case status words the badges use: exact, approximate, failed (anything else as sent). */
export function statusWord(status: string): string {
  return status.toLowerCase();
}

/**
 * The `range` for the date pickers: from the first instant of `from` to the first instant of the
 * day after `through` (inclusive), both on the calendar of `zone`, as UTC instants.
 */
export function rangeOfDates(from: string, through: string, zone: string): { start: string; end: string } {
  const first = Temporal.PlainDate.from(from);
  const last = Temporal.PlainDate.from(through);
  const [a, b] = Temporal.PlainDate.compare(first, last) <= 0 ? [first, last] : [last, first];
  return { start: a.toZonedDateTime(zone).toInstant().toString(), end: b.add({ days: 1 }).toZonedDateTime(zone).toInstant().toString() };
}

/** Today's date on the calendar of `zone`, shifted by `days`. */
export function localDate(zone: string, days = 0, now: number = Date.now()): string {
  return Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(zone).toPlainDate().add({ days }).toString();
}
