import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketIndexOf,
  calendarGrid,
  isUtcMidnightGrid,
  MAX_REPORT_BUCKETS,
  validateTimeZone,
  type CalendarBucket,
  type Interval,
} from '../../src/lib/calendarGrid.js';
import { GatewayError } from '../../src/errors.js';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const HOUR = 3_600_000;

/** The buckets as `start → end` in UTC, the way the expectations below are written. */
const spans = (buckets: Interval[]) => buckets.map((b) => `${iso(b.start)} → ${iso(b.end)}`);
const hours = (b: Interval) => (b.end - b.start) / HOUR;
const grid = (start: string, end: string, bucket: CalendarBucket, zone: string) => calendarGrid({ start: t(start), end: t(end) }, bucket, zone);

/**
 * Local wall-clock parts of an instant, read with Intl (not with the library the grid uses),
 * so that the expectations do not share the implementation's time zone code.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function local(ms: number, zone: string): { date: string; time: string; weekday: string; offsetMs: number } {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const year = p.era === 'BC' ? 1 - Number(p.year) : Number(p.year);
  const wall = Date.UTC(2000, Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const shifted = new Date(wall);
  shifted.setUTCFullYear(year);
  const utcSeconds = Math.floor(ms / 1000) * 1000;
  return {
    date: `${year}-${p.month}-${p.day}`,
    time: `${p.hour}:${p.minute}:${p.second}`,
    weekday: p.weekday!,
    offsetMs: shifted.getTime() - utcSeconds,
  };
}

function badInput(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).code).toBe('BAD_USER_INPUT');
    return err as GatewayError;
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('calendarGrid: days across DST', () => {
  it('gives the New York local day of the November 2026 fall-back 25 hours, the days around it 24', () => {
    const g = grid('2026-10-29T04:00:00Z', '2026-11-05T05:00:00Z', 'DAY', 'America/New_York');
    expect(g.buckets).toHaveLength(7);
    expect(g.buckets.map(hours)).toEqual([24, 24, 24, 25, 24, 24, 24]);
    expect(spans(g.buckets)[3]).toBe('2026-11-01T04:00:00Z → 2026-11-02T05:00:00Z');
    expect(g.effective).toEqual({ start: t('2026-10-29T04:00:00Z'), end: t('2026-11-05T05:00:00Z') });
  });

  it('gives the New York local day of the March 2026 spring-forward 23 hours', () => {
    const g = grid('2026-03-08T12:00:00Z', '2026-03-08T13:00:00Z', 'DAY', 'America/New_York');
    expect(spans(g.buckets)).toEqual(['2026-03-08T05:00:00Z → 2026-03-09T04:00:00Z']);
    expect(hours(g.buckets[0]!)).toBe(23);
  });

  it('starts a day whose midnight DST skips at its first existing instant (São Paulo, 2018-11-04 01:00)', () => {
    const g = grid('2018-11-03T12:00:00Z', '2018-11-05T12:00:00Z', 'DAY', 'America/Sao_Paulo');
    expect(spans(g.buckets)).toEqual([
      '2018-11-03T03:00:00Z → 2018-11-04T03:00:00Z',
      '2018-11-04T03:00:00Z → 2018-11-05T02:00:00Z',
      '2018-11-05T02:00:00Z → 2018-11-06T02:00:00Z',
    ]);
    expect(local(g.buckets[1]!.start, 'America/Sao_Paulo')).toMatchObject({ date: '2018-11-04', time: '01:00:00' });
  });

  it('has no bucket for a local date that never happened (Pacific/Apia skipped 2011-12-30)', () => {
    const g = grid('2011-12-29T12:00:00Z', '2011-12-30T12:00:00Z', 'DAY', 'Pacific/Apia');
    expect(g.buckets.map((b) => local(b.start, 'Pacific/Apia').date)).toEqual(['2011-12-29', '2011-12-31']);
    expect(g.buckets.map(hours)).toEqual([24, 24]);
  });

  it('puts Asia/Kolkata day boundaries at 18:30 UTC', () => {
    const g = grid('2026-05-10T00:00:00Z', '2026-05-12T00:00:00Z', 'DAY', 'Asia/Kolkata');
    expect(spans(g.buckets)).toEqual([
      '2026-05-09T18:30:00Z → 2026-05-10T18:30:00Z',
      '2026-05-10T18:30:00Z → 2026-05-11T18:30:00Z',
      '2026-05-11T18:30:00Z → 2026-05-12T18:30:00Z',
    ]);
  });

  it('accepts the alias Asia/Calcutta and answers like Asia/Kolkata', () => {
    const alias = grid('2026-05-10T00:00:00Z', '2026-05-12T00:00:00Z', 'DAY', 'Asia/Calcutta');
    expect(alias.buckets).toEqual(grid('2026-05-10T00:00:00Z', '2026-05-12T00:00:00Z', 'DAY', 'Asia/Kolkata').buckets);
    expect(alias.timezone).toBe('Asia/Calcutta');
  });

  it('gives London UTC midnights in January and 23:00 UTC in July (BST)', () => {
    const jan = grid('2026-01-10T12:00:00Z', '2026-01-12T12:00:00Z', 'DAY', 'Europe/London');
    expect(spans(jan.buckets)).toEqual([
      '2026-01-10T00:00:00Z → 2026-01-11T00:00:00Z',
      '2026-01-11T00:00:00Z → 2026-01-12T00:00:00Z',
      '2026-01-12T00:00:00Z → 2026-01-13T00:00:00Z',
    ]);
    expect(isUtcMidnightGrid(jan.buckets)).toBe(true);
    const jul = grid('2026-07-10T12:00:00Z', '2026-07-11T12:00:00Z', 'DAY', 'Europe/London');
    expect(spans(jul.buckets)).toEqual(['2026-07-09T23:00:00Z → 2026-07-10T23:00:00Z', '2026-07-10T23:00:00Z → 2026-07-11T23:00:00Z']);
    expect(isUtcMidnightGrid(jul.buckets)).toBe(false);
  });
});

describe('calendarGrid: hours', () => {
  it('has the New York 01:00 hour twice on the fall-back night (05:00Z and 06:00Z) and 25 hours that day', () => {
    const g = grid('2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z', 'HOUR', 'America/New_York');
    expect(g.buckets).toHaveLength(25);
    expect(g.buckets.every((b) => hours(b) === 1)).toBe(true);
    const starts = g.buckets.map((b) => b.start);
    expect(starts).toContain(t('2026-11-01T05:00:00Z'));
    expect(starts).toContain(t('2026-11-01T06:00:00Z'));
    const localHours = starts.map((s) => local(s, 'America/New_York').time.slice(0, 2));
    expect(localHours.filter((h) => h === '01')).toHaveLength(2);
    expect(localHours.slice(0, 4)).toEqual(['00', '01', '01', '02']);
  });

  it('skips the New York 02:00 hour on the spring-forward night: 23 hours that day', () => {
    const g = grid('2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z', 'HOUR', 'America/New_York');
    expect(g.buckets).toHaveLength(23);
    const localHours = g.buckets.map((b) => local(b.start, 'America/New_York').time.slice(0, 2));
    expect(localHours.slice(0, 3)).toEqual(['00', '01', '03']);
    expect(localHours).not.toContain('02');
  });

  it('puts Asia/Kathmandu (+05:45) hour boundaries at :15 UTC and Asia/Kolkata (+05:30) ones at :30', () => {
    const kathmandu = grid('2026-01-01T00:00:00Z', '2026-01-01T03:00:00Z', 'HOUR', 'Asia/Kathmandu');
    expect(spans(kathmandu.buckets)).toEqual([
      '2025-12-31T23:15:00Z → 2026-01-01T00:15:00Z',
      '2026-01-01T00:15:00Z → 2026-01-01T01:15:00Z',
      '2026-01-01T01:15:00Z → 2026-01-01T02:15:00Z',
      '2026-01-01T02:15:00Z → 2026-01-01T03:15:00Z',
    ]);
    const kolkata = grid('2026-01-01T00:30:00Z', '2026-01-01T01:30:00Z', 'HOUR', 'Asia/Kolkata');
    expect(spans(kolkata.buckets)).toEqual(['2026-01-01T00:30:00Z → 2026-01-01T01:30:00Z']);
  });

  it('starts a bucket at a 30-minute offset change (Australia/Lord_Howe, April 2026), so no bucket spans two offsets', () => {
    const g = grid('2026-04-04T14:00:00Z', '2026-04-04T16:30:00Z', 'HOUR', 'Australia/Lord_Howe');
    expect(spans(g.buckets)).toEqual([
      '2026-04-04T14:00:00Z → 2026-04-04T15:00:00Z',
      '2026-04-04T15:00:00Z → 2026-04-04T15:30:00Z',
      '2026-04-04T15:30:00Z → 2026-04-04T16:30:00Z',
    ]);
    expect(g.buckets.map((b) => local(b.start, 'Australia/Lord_Howe').time)).toEqual(['01:00:00', '01:30:00', '02:00:00']);
  });
});

describe('calendarGrid: weeks and months', () => {
  it('starts weeks on Monday 00:00 local, 169 hours for the New York week of the fall-back', () => {
    const g = grid('2026-10-28T12:00:00Z', '2026-11-03T12:00:00Z', 'WEEK', 'America/New_York');
    expect(spans(g.buckets)).toEqual(['2026-10-26T04:00:00Z → 2026-11-02T05:00:00Z', '2026-11-02T05:00:00Z → 2026-11-09T05:00:00Z']);
    expect(g.buckets.map((b) => local(b.start, 'America/New_York'))).toMatchObject([
      { weekday: 'Mon', time: '00:00:00' },
      { weekday: 'Mon', time: '00:00:00' },
    ]);
    expect(hours(g.buckets[0]!)).toBe(169);
    // A Sunday belongs to the week that began the Monday before (ISO weeks).
    const sunday = grid('2026-06-07T10:00:00Z', '2026-06-07T11:00:00Z', 'WEEK', 'Europe/Berlin');
    expect(spans(sunday.buckets)).toEqual(['2026-05-31T22:00:00Z → 2026-06-07T22:00:00Z']);
  });

  it('starts months on the 1st at 00:00 local, with February 2028 a leap month', () => {
    const g = grid('2028-01-15T00:00:00Z', '2028-04-02T00:00:00Z', 'MONTH', 'UTC');
    expect(spans(g.buckets)).toEqual([
      '2028-01-01T00:00:00Z → 2028-02-01T00:00:00Z',
      '2028-02-01T00:00:00Z → 2028-03-01T00:00:00Z',
      '2028-03-01T00:00:00Z → 2028-04-01T00:00:00Z',
      '2028-04-01T00:00:00Z → 2028-05-01T00:00:00Z',
    ]);
    expect(g.buckets.map((b) => hours(b) / 24)).toEqual([31, 29, 31, 30]);
    expect(hours(grid('2027-02-10T00:00:00Z', '2027-02-11T00:00:00Z', 'MONTH', 'UTC').buckets[0]!) / 24).toBe(28);
    // New York's March loses the spring-forward hour.
    const march = grid('2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z', 'MONTH', 'America/New_York');
    expect(spans(march.buckets)).toEqual(['2026-03-01T05:00:00Z → 2026-04-01T04:00:00Z']);
    expect(hours(march.buckets[0]!)).toBe(31 * 24 - 1);
  });
});

describe('calendarGrid: widening', () => {
  it('widens both ends outward to whole buckets', () => {
    const g = grid('2026-01-15T10:17:00Z', '2026-01-17T03:00:00Z', 'DAY', 'UTC');
    expect(g.effective).toEqual({ start: t('2026-01-15T00:00:00Z'), end: t('2026-01-18T00:00:00Z') });
    expect(g.buckets).toHaveLength(3);
  });

  it('does not widen an end (or a start) that lies exactly on a boundary', () => {
    const g = grid('2026-01-15T00:00:00Z', '2026-01-17T00:00:00Z', 'DAY', 'UTC');
    expect(g.effective).toEqual({ start: t('2026-01-15T00:00:00Z'), end: t('2026-01-17T00:00:00Z') });
    expect(g.buckets).toHaveLength(2);
    // One millisecond past the boundary needs the next bucket.
    expect(calendarGrid({ start: t('2026-01-15T00:00:00Z'), end: t('2026-01-17T00:00:00Z') + 1 }, 'DAY', 'UTC').buckets).toHaveLength(3);
    // The repeated New York hour: an end at its second start is not widened into it.
    const h = grid('2026-11-01T05:30:00Z', '2026-11-01T06:00:00Z', 'HOUR', 'America/New_York');
    expect(spans(h.buckets)).toEqual(['2026-11-01T05:00:00Z → 2026-11-01T06:00:00Z']);
  });
});

describe('calendarGrid: refusals', () => {
  it('refuses an unknown zone and a fixed offset with BAD_USER_INPUT naming the value', () => {
    expect(badInput(() => validateTimeZone('Mars/Olympus_Mons')).message).toContain('"Mars/Olympus_Mons"');
    badInput(() => validateTimeZone('+05:30'));
    badInput(() => validateTimeZone(''));
    badInput(() => grid('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 'DAY', 'Nowhere/Land'));
    expect(badInput(() => validateTimeZone('x'.repeat(150))).message.length).toBeLessThan(250);
  });

  it('accepts IANA names in any case and returns them normalized', () => {
    expect(validateTimeZone('america/new_york')).toBe('America/New_York');
    expect(validateTimeZone('UTC')).toBe('UTC');
    expect(validateTimeZone('Asia/Calcutta')).toBe('Asia/Calcutta');
  });

  it('refuses an empty or reversed range', () => {
    badInput(() => grid('2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z', 'DAY', 'UTC'));
    badInput(() => grid('2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z', 'DAY', 'UTC'));
  });

  it(`allows ${MAX_REPORT_BUCKETS} buckets and refuses ${MAX_REPORT_BUCKETS + 1} with BAD_USER_INPUT naming the limit`, () => {
    expect(MAX_REPORT_BUCKETS).toBe(1000);
    const start = t('2026-01-01T00:00:00Z');
    expect(calendarGrid({ start, end: start + 1000 * HOUR }, 'HOUR', 'UTC').buckets).toHaveLength(1000);
    expect(badInput(() => calendarGrid({ start, end: start + 1000 * HOUR + 1 }, 'HOUR', 'UTC')).message).toContain('1000');
    // Counted while walking (1001 days is within the cheap bound for days)...
    expect(calendarGrid({ start, end: start + 1000 * 86_400_000 }, 'DAY', 'UTC').buckets).toHaveLength(1000);
    expect(badInput(() => calendarGrid({ start, end: start + 1001 * 86_400_000 }, 'DAY', 'Asia/Kolkata')).message).toContain('1000');
    // ...and refused at once when the range is hopeless.
    expect(badInput(() => calendarGrid({ start: -8e15, end: 8e15 }, 'HOUR', 'America/New_York')).message).toContain('1000');
  });

  it('refuses a range whose widening leaves the representable instants', () => {
    expect(calendarGrid({ start: 8.64e15 - 10, end: 8.64e15 }, 'DAY', 'UTC').effective.end).toBe(8.64e15);
    badInput(() => calendarGrid({ start: 8.64e15 - 10, end: 8.64e15 }, 'DAY', 'America/New_York'));
    badInput(() => calendarGrid({ start: -8.64e15, end: -8.64e15 + 10 }, 'HOUR', 'Asia/Kathmandu'));
  });
});

describe('isUtcMidnightGrid and bucketIndexOf', () => {
  const days = grid('2026-01-01T00:00:00Z', '2026-01-04T00:00:00Z', 'DAY', 'UTC').buckets;

  it('tells a grid of UTC midnights from one with any other boundary', () => {
    expect(isUtcMidnightGrid(days)).toBe(true);
    expect(isUtcMidnightGrid(grid('1969-12-29T00:00:00Z', '1970-01-02T00:00:00Z', 'DAY', 'UTC').buckets)).toBe(true);
    expect(isUtcMidnightGrid(grid('2026-01-01T00:00:00Z', '2026-01-01T02:00:00Z', 'HOUR', 'UTC').buckets)).toBe(false);
    expect(isUtcMidnightGrid([{ start: t('2026-01-01T00:00:00Z'), end: t('2026-01-02T00:00:01Z') }])).toBe(false);
  });

  it('finds the bucket containing an instant, with starts included and ends excluded, and -1 outside', () => {
    expect(bucketIndexOf(days, t('2026-01-01T00:00:00Z'))).toBe(0);
    expect(bucketIndexOf(days, t('2026-01-01T23:59:59.999Z'))).toBe(0);
    expect(bucketIndexOf(days, t('2026-01-02T00:00:00Z'))).toBe(1);
    expect(bucketIndexOf(days, t('2026-01-03T12:00:00Z'))).toBe(2);
    expect(bucketIndexOf(days, t('2026-01-04T00:00:00Z'))).toBe(-1);
    expect(bucketIndexOf(days, t('2025-12-31T23:59:59.999Z'))).toBe(-1);
    expect(bucketIndexOf([], 0)).toBe(-1);
  });
});

describe('calendarGrid properties', () => {
  const zones = [...Intl.supportedValuesOf('timeZone'), 'UTC', 'Asia/Calcutta', 'US/Eastern', 'Australia/Lord_Howe'];
  const maxSpan: Record<CalendarBucket, number> = { HOUR: 900 * HOUR, DAY: 900 * 24 * HOUR, WEEK: 120 * 7 * 24 * HOUR, MONTH: 60 * 28 * 24 * HOUR };

  it('covers any range with contiguous local-calendar buckets in any zone', () => {
    const arbitrary = fc
      .record({
        zone: fc.constantFrom(...zones),
        bucket: fc.constantFrom<CalendarBucket>('HOUR', 'DAY', 'WEEK', 'MONTH'),
        start: fc.integer({ min: t('1900-01-01T00:00:00Z'), max: t('2100-01-01T00:00:00Z') }),
        fraction: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ zone, bucket, start, fraction }) => ({ zone, bucket, start, end: start + 1 + Math.floor(fraction * maxSpan[bucket]) }));
    fc.assert(
      fc.property(arbitrary, ({ zone, bucket, start, end }) => {
        const g = calendarGrid({ start, end }, bucket, zone);
        const b = g.buckets;
        expect(b.length).toBeGreaterThan(0);
        expect(b.length).toBeLessThanOrEqual(MAX_REPORT_BUCKETS);
        expect(b[0]!.start).toBeLessThanOrEqual(start);
        expect(b[b.length - 1]!.end).toBeGreaterThanOrEqual(end);
        expect(g.effective).toEqual({ start: b[0]!.start, end: b[b.length - 1]!.end });
        // Widened to the buckets containing the range's first and last instants, no further.
        expect(bucketIndexOf(b, start)).toBe(0);
        expect(bucketIndexOf(b, end - 1)).toBe(b.length - 1);
        for (let i = 0; i < b.length; i++) {
          expect(b[i]!.start).toBeLessThan(b[i]!.end);
          if (i > 0) expect(b[i]!.start).toBe(b[i - 1]!.end);
          if (bucket === 'HOUR') expect(b[i]!.end - b[i]!.start).toBeLessThanOrEqual(HOUR);
          if (bucket === 'DAY') {
            // Local 00:00, or (midnight skipped by an offset change) the first instant of its date.
            const at = local(b[i]!.start, zone);
            const before = local(b[i]!.start - 1000, zone);
            if (at.time !== '00:00:00') {
              expect(before.date < at.date).toBe(true);
              expect(before.offsetMs).not.toBe(at.offsetMs);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('calendarGrid remembers recent grids', () => {
  it('answers a repeated (range, bucket, zone) with the same frozen grid, and refuses bad input every time', () => {
    const a = grid('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 'DAY', 'Europe/Berlin');
    const b = grid('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 'DAY', 'Europe/Berlin');
    expect(b).toBe(a);
    expect(a.buckets).toHaveLength(32); // widened outward: 1 March to 1 April, local dates
    // Shared between requests, so nobody may change it.
    expect(() => (a.buckets as Array<{ start: number; end: number }>).push({ start: 0, end: 1 })).toThrow(TypeError);
    expect(() => ((a.buckets[0] as { start: number }).start = 0)).toThrow(TypeError);
    // Another zone is another grid (the DST change of Europe/Berlin is not New York's).
    expect(grid('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 'DAY', 'America/New_York').buckets[0]!.start).not.toBe(a.buckets[0]!.start);
    for (let i = 0; i < 2; i++) expect(() => grid('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 'DAY', 'Mars/Olympus')).toThrow(/IANA time zone/);
  });
});
