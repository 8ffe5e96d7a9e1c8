import { describe, expect, it } from 'vitest';
import { toIblaiDays, toPerUserPage, toUserCost, toMentorSummary } from '../../../src/sources/iblai/mapping.js';
import { UpstreamError } from '../../../src/errors.js';

const t = (s: string) => Date.parse(s);

describe('iblai mapping', () => {
  it('widens a half-open range outward to whole UTC days with an inclusive end_date', () => {
    expect(toIblaiDays({ start: t('2026-10-01T12:00:00Z'), end: t('2026-10-08T04:00:00Z') })).toEqual({
      startDate: '2026-10-01',
      endDate: '2026-10-08',
      effective: { start: t('2026-10-01T00:00:00Z'), end: t('2026-10-09T00:00:00Z') },
    });
    // An end exactly at midnight excludes that day.
    expect(toIblaiDays({ start: t('2026-10-01T00:00:00Z'), end: t('2026-10-03T00:00:00Z') }).endDate).toBe('2026-10-02');
  });

  it('reads the pinned row shape with exact money', () => {
    expect(toUserCost({ username: 'alice', total_cost: 0.01234, user_sessions: [{ session_id: 's1', cost: 0.00411 }] })).toEqual({
      id: null,
      username: 'alice',
      date: null,
      totalCost: { amount: '0.01234', currency: 'USD' },
      sessions: [{ sessionId: 's1', cost: { amount: '0.00411', currency: 'USD' } }],
    });
  });

  it('tolerates user_id or name for username, missing sessions and extra keys', () => {
    expect(toUserCost({ user_id: 42, total_cost: 1e-7, extra: true })).toEqual({
      id: null,
      username: '42',
      date: null,
      totalCost: { amount: '0.0000001', currency: 'USD' },
      sessions: [],
    });
    expect(toUserCost({ name: 'bob', total_cost: 2 }).username).toBe('bob');
  });

  it("reads the documentation's {id, name, date} rows, keeping each field's problem to that field", () => {
    const row = toUserCost({ id: 'u-17', name: 'carol', date: '2019-08-24T14:15:22Z' });
    expect(row).toMatchObject({ id: 'u-17', username: 'carol', date: t('2019-08-24T14:15:22Z'), sessions: [] });
    expect(row.totalCost).toBeInstanceOf(UpstreamError);
    expect((row.totalCost as UpstreamError).code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(toUserCost({ id: 7, name: 'dan', date: '2026-10-01', total_cost: 0.5 })).toMatchObject({ id: '7', date: t('2026-10-01T00:00:00Z'), totalCost: { amount: '0.5' } });
    const odd = toUserCost({ id: { x: 1 }, username: 'a', date: 'yesterday', total_cost: 'x' });
    for (const f of ['id', 'date', 'totalCost'] as const) expect(odd[f]).toBeInstanceOf(UpstreamError);
  });

  it('refuses rows and pages outside the contract as UPSTREAM_BAD_RESPONSE', () => {
    for (const body of [{ count: 1 }, { count: -1, results: [] }, { count: 1, results: [{ total_cost: 1 }] }, { count: 1, results: [{ username: 'a', total_cost: 1, user_sessions: [{ cost: 1 }] }] }]) {
      try {
        toPerUserPage(body);
        throw new Error('expected failure');
      } catch (err) {
        expect(err).toBeInstanceOf(UpstreamError);
        expect((err as UpstreamError).code).toBe('UPSTREAM_BAD_RESPONSE');
      }
    }
    expect(() => toMentorSummary({ total_mentors: 1.5 } as never)).toThrow(UpstreamError);
  });
});
