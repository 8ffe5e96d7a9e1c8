import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toRow, toSeries, unwrapEnvelope } from '../../../src/sources/ejento/mapping.js';
import { EJENTO_OPERATIONS, operationOf } from '../../../src/sources/ejento/operations.js';

const t = (s: string) => Date.parse(s);
const costsOp = operationOf('PROJECT', 'costs') as ReturnType<typeof operationOf> & { metric: 'costs' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { extensions?: { code?: string } }).extensions?.code;
  }
  return undefined;
}

describe('ejento operations table', () => {
  it('holds the 46 operations of the Analytics section, each path once', () => {
    expect(EJENTO_OPERATIONS).toHaveLength(46);
    expect(new Set(EJENTO_OPERATIONS.map((o) => o.path)).size).toBe(46);
    const count = (target: string) => EJENTO_OPERATIONS.filter((o) => o.target === target).length;
    expect([count('AGENT'), count('PROJECT'), count('TEAM'), count('USER'), count('CORPUS'), count('ORGANIZATION')]).toEqual([9, 9, 9, 9, 2, 8]);
    expect(operationOf('USER', 'tokens')).toMatchObject({ path: 'api/v2/analytics/users/tokens', dataKey: 'token_usage', entityField: 'user' });
    expect(operationOf('CORPUS', 'indexing-mode')).toMatchObject({ path: 'api/v2/analytics/corpus/indexing-mode', entityField: 'corpus' });
    expect(operationOf('ORGANIZATION', 'summary')).toMatchObject({ single: true, entityField: null });
    expect(() => operationOf('CORPUS', 'costs')).toThrow();
  });
});

describe('ejento envelope', () => {
  it('flattens a time series nested one level', () => {
    const rows = unwrapEnvelope({ success: true, data: { costs: [[{ date: '2026-10-01' }], [{ date: '2026-10-02' }]] } }, costsOp);
    expect(rows).toEqual([{ date: '2026-10-01' }, { date: '2026-10-02' }]);
  });

  it('treats success:false as UPSTREAM_REJECTED and shapes outside the contract as UPSTREAM_BAD_RESPONSE', () => {
    expect(codeOf(() => unwrapEnvelope({ success: false, message: 'x', data: null }, costsOp))).toBe('UPSTREAM_REJECTED');
    expect(codeOf(() => unwrapEnvelope({ success: true, data: { costs: 'no' } }, costsOp))).toBe('UPSTREAM_BAD_RESPONSE');
    expect(codeOf(() => unwrapEnvelope([] as never, costsOp))).toBe('UPSTREAM_BAD_RESPONSE');
    expect(codeOf(() => unwrapEnvelope({ success: true, data: { summary: [] } }, operationOf('ORGANIZATION', 'summary')))).toBe('UPSTREAM_BAD_RESPONSE');
    expect(unwrapEnvelope({ success: true, data: {} }, costsOp)).toEqual([]);
    // No envelope at all is not "no rows".
    expect(codeOf(() => unwrapEnvelope({} as never, costsOp))).toBe('UPSTREAM_BAD_RESPONSE');
    expect(codeOf(() => unwrapEnvelope({ success: true } as never, costsOp))).toBe('UPSTREAM_BAD_RESPONSE');
    expect(codeOf(() => unwrapEnvelope({ success: true, data: null } as never, costsOp))).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('reads ids, names and money, tolerating total_cost as a number', () => {
    expect(toRow({ project_id: 3, project_name: 'P', total_tokens: 10, total_cost: '0.00150' }, costsOp)).toEqual({
      id: '3', name: 'P', date: null, value: { cost: '0.00150', tokens: 10 },
    });
    expect(toRow({ project_name: 'P', total_tokens: 1, total_cost: 1e-7 }, costsOp).value.cost).toBe('0.0000001');
    expect(toRow({ total_cost: '0.1' }, costsOp).id).toBeNull();
    expect(codeOf(() => toRow({ project_id: 'x', total_cost: '1' }, costsOp))).toBe('UPSTREAM_BAD_RESPONSE');
    expect(codeOf(() => toRow({ total_cost: 'lots' }, costsOp))).toBe('UPSTREAM_BAD_RESPONSE');
  });
});

describe('ejento series', () => {
  const window = { start: t('2026-10-01T00:00:00Z'), end: t('2026-10-04T00:00:00Z') };
  const row = (date: string, cost: string) => ({ id: '1', name: null, date: t(`${date}T00:00:00Z`), value: { cost, tokens: 1 } });

  it('fills omitted days with zero, drops dates outside the window, and sums exactly', () => {
    const s = toSeries('costs', [row('2026-10-01', '0.10000'), row('2026-10-03', '0.20000'), row('2026-11-30', '9.00000')], window, 'DAY');
    expect(s.points.map((p) => p.value.cost)).toEqual(['0.10000', '0.00000', '0.20000']);
    expect(s.total.cost).toBe('0.30000');
  });

  it('keeps totals exact for any amounts (never a float sum)', () => {
    const amount = fc.bigInt({ min: 0n, max: 10n ** 15n }).map((n) => new Big(n.toString()).div(1e5).toFixed(5));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), amount), { maxLength: 30 }), (entries) => {
        const rows = entries.map(([d, c]) => row(`2026-10-0${d + 1}`, c));
        const s = toSeries('costs', rows, window, 'DAY');
        const expected = entries.reduce((acc, [, c]) => acc.plus(c), new Big(0)).toFixed(5);
        expect(s.total.cost).toBe(expected);
        expect(s.points.reduce((acc, p) => acc.plus(p.value.cost), new Big(0)).toFixed(5)).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });
});
