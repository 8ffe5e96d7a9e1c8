import { createRequire } from 'node:module';
import type * as GraphQLModule from 'graphql';
import { describe, expect, it } from 'vitest';
import { analyzeOperation, collectEstimators } from '../../../src/limits/analyzeOperation.js';
import { buildSchema } from '../../../src/schema/buildSchema.js';
import { SOURCES } from '../../../src/sources/registry.js';

// The schema's own graphql build (see analyzeOperation.ts).
const { parse } = createRequire(import.meta.url)('graphql') as typeof GraphQLModule;
const schema = buildSchema();
const estimators = collectEstimators(SOURCES);
const NOW = Date.parse('2026-11-20T12:00:00Z');
const cost = (q: string) => {
  const doc = parse(q);
  return analyzeOperation(schema, doc, doc.definitions[0] as never, {}, NOW, estimators).cost;
};

describe('the cost estimate of the Ejento series siblings and rankings', () => {
  it.each([
    ['EjentoEntity.documentCountSeries', (b: string) => `{ ejentoEntity(scope: USER, id: "1") { documentCountSeries(window: { lastDays: 365 }, bucket: ${b}) { points { start } } } }`],
    ['EjentoEntity.indexingModesSeries', (b: string) => `{ ejentoEntity(scope: USER, id: "1") { indexingModesSeries(window: { lastDays: 365 }, bucket: ${b}) { points { modes { mode } } } } }`],
    ['EjentoEntity.summarySeries', (b: string) => `{ ejentoEntity(scope: USER, id: "1") { summarySeries(window: { lastDays: 365 }, bucket: ${b}) { points { totalCost { amount } } } } }`],
    ['EjentoEntity.activitySeries', (b: string) => `{ ejentoEntity(scope: USER, id: "1") { activitySeries(window: { lastDays: 365 }, bucket: ${b}) { points { start } } } }`],
    ['EjentoCorpus.documentCountSeries', (b: string) => `{ ejentoOrganization { corpora(ids: ["1"]) { documentCountSeries(window: { lastDays: 365 }, bucket: ${b}) { points { start } } } } }`],
    ['EjentoOrganization.summarySeries', (b: string) => `{ ejentoOrganization { summarySeries(window: { lastDays: 365 }, bucket: ${b}) { points { totalCost { amount } } } } }`],
  ])('prices %s by the buckets of its window', (_field, q) => {
    const daily = cost(q('DAY'));
    expect(daily).toBeGreaterThan(365);
    expect(cost(q('MONTH'))).toBeLessThan(daily / 10);
  });

  it('prices ranking and corpusRanking by their limit (default 10)', () => {
    const r = (limit: string) => cost(`{ ejentoOrganization { ranking(scope: USER${limit}) { entity { costs(bucket: DAY, window: { lastDays: 30 }) { points { start } } } } } }`);
    expect(r(', limit: 100')).toBeGreaterThan(r(', limit: 10') * 9);
    expect(r('')).toBe(r(', limit: 10'));
    expect(cost(`{ ejentoOrganization { corpusRanking(limit: 50) { corpus { id } } } }`)).toBeGreaterThan(cost(`{ ejentoOrganization { corpusRanking(limit: 5) { corpus { id } } } }`) * 5);
  });
});
