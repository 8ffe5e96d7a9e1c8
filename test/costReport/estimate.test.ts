import { createRequire } from 'node:module';
import type * as GraphQLModule from 'graphql';
import { describe, expect, it } from 'vitest';
import { withCostReportEstimators } from '../../src/costReport/withCostReportEstimators.js';
import { analyzeOperation, collectEstimators } from '../../src/limits/analyzeOperation.js';
import { buildSchema } from '../../src/schema/buildSchema.js';
import { SOURCES } from '../../src/sources/registry.js';

// The schema's own graphql build (see analyzeOperation.ts).
const { parse } = createRequire(import.meta.url)('graphql') as typeof GraphQLModule;
const schema = buildSchema();
const sourceEstimators = collectEstimators(SOURCES);
const estimators = withCostReportEstimators(sourceEstimators, SOURCES);
const NOW = Date.parse('2026-11-20T12:00:00Z');
const measure = (q: string, vars: Record<string, unknown> = {}) => {
  const doc = parse(q);
  return analyzeOperation(schema, doc, doc.definitions[0] as never, vars, NOW, estimators).cost;
};

const REPORT = `query ($range: TimeRange!, $bucket: CalendarBucket!, $sources: CostReportSources!) {
  costReport(range: $range, bucket: $bucket, sources: $sources) {
    buckets { total { amount } bySource { cost { amount } } }
    series { points { cost { amount } } }
  }
}`;
const ONE = { callStats: { projectId: 'acme/support-bot' } };
const THREE = { ...ONE, iblai: { org: 'main', userId: 'admin@main' }, ejento: {} };
const WEEK = { start: '2026-11-02T00:00:00Z', end: '2026-11-09T00:00:00Z' };

describe('the operation-cost estimate of costReport', () => {
  it('prices its lists from the grid and the included sources, variables and literals alike', () => {
    const cost = (bucket: string, sources: Record<string, unknown>) => measure(REPORT, { range: WEEK, bucket, sources });
    // The report, then per bucket: the bucket and its total, and per source its entry and cost;
    // per source a series, and per bucket its point and the point's cost.
    const expected = (buckets: number, sources: number) => 1 + buckets * (2 + 2 * sources) + sources * (1 + 2 * buckets);
    expect(cost('DAY', ONE)).toBe(expected(7, 1));
    expect(cost('DAY', THREE)).toBe(expected(7, 3));
    const hours = cost('HOUR', ONE);
    expect(hours).toBe(expected(7 * 24, 1));
    const literal = measure(`{ costReport(range: { start: "2026-11-02T00:00:00Z", end: "2026-11-09T00:00:00Z" }, bucket: HOUR, sources: { callStats: { projectId: "acme/support-bot" } }) {
      buckets { total { amount } bySource { cost { amount } } } series { points { cost { amount } } } } }`);
    expect(literal).toBe(hours);
  });

  it("still prices a source's own series by that source's estimator", () => {
    const q = `{ ejentoOrganization { costs(window: { lastDays: 365 }, bucket: DAY) { points { cost { amount } } } } }`;
    const doc = parse(q);
    const alone = analyzeOperation(schema, doc, doc.definitions[0] as never, {}, NOW, sourceEstimators).cost;
    expect(measure(q)).toBe(alone);
    expect(alone).toBeGreaterThan(365 * 2);
  });

  it('refuses a report over its own limits while pricing it, as a request error with HTTP 400', () => {
    let error: any;
    try {
      measure(REPORT, { range: { start: '2026-01-01T00:00:00Z', end: '2026-03-01T00:00:00Z' }, bucket: 'HOUR', sources: ONE });
    } catch (err) {
      error = err;
    }
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', http: { status: 400 } });
    expect(error.message).toMatch(/limit is 1000/);
  });

  it('leaves arguments that will not coerce to execution', () => {
    expect(() => measure(REPORT, { range: { start: 'yesterday' }, bucket: 'DAY', sources: ONE })).not.toThrow();
    expect(() => measure(REPORT, { range: WEEK, bucket: 'FORTNIGHT', sources: ONE })).not.toThrow();
  });
});
