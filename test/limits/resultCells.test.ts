import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as GraphQLModule from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS, readBoundsConfig } from '../../src/config/boundsConfig.js';
import { analyzeOperation, collectEstimators } from '../../src/limits/analyzeOperation.js';
import { buildSchema } from '../../src/schema/buildSchema.js';
import { SOURCES } from '../../src/sources/registry.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

// The schema's own graphql build (see analyzeOperation.ts).
const { parse } = createRequire(import.meta.url)('graphql') as typeof GraphQLModule;
const schema = buildSchema();
const estimators = collectEstimators(SOURCES);
const NOW = Date.parse('2026-10-08T00:00:00Z');
const cellsOf = (query: string, vars: Record<string, unknown> = {}) => {
  const doc = parse(query);
  const op = doc.definitions.find((d) => d.kind === 'OperationDefinition');
  return analyzeOperation(schema, doc, op as never, vars, NOW, estimators).cells;
};

const week = { start: '2026-10-01T00:00:00Z', end: '2026-10-08T00:00:00Z' };
/** Bench workload 4: 7 days at 300 s = 2,016 buckets, each start/end/count + 4 metric values × 4 fields. */
const BIG_STATS = `query BigStats($range: TimeRange!, $g: Int) {
  callStats(projectId: "acme/support-bot", range: $range, granularity: $g, callMetrics: [{ metric: LATENCY_MS, aggregations: [AVG, MAX], percentiles: [95] }, { metric: CALL_COUNT, aggregations: [SUM] }]) {
    granularity
    callBuckets(first: 10000) { nodes { start end count metrics { metric aggregation percentile value } } }
  }
}`;

describe('the answer-size estimate (cells)', () => {
  it('counts every leaf value times the list sizes above it', () => {
    // 1 (granularity) + 2,016 buckets × (3 + 4 metric values × 4 leaves).
    expect(cellsOf(BIG_STATS, { range: week, g: 300 })).toBe(1 + 2_016 * (3 + 4 * 4));
  });

  it('counts columns per bucket too (a list of values, not objects)', () => {
    const columns = BIG_STATS.replace('callBuckets(first: 10000) { nodes { start end count metrics { metric aggregation percentile value } } }', 'callColumns { start end count metrics { metric aggregation percentile values } }');
    // 1 + start/end/count 2,016 each + 4 metric columns × (3 labels + 2,016 values).
    expect(cellsOf(columns, { range: week, g: 300 })).toBe(1 + 3 * 2_016 + 4 * (3 + 2_016));
    const usage = `{ callStats(projectId: "p", range: { start: "2026-10-01T00:00:00Z", end: "2026-10-08T00:00:00Z" }, granularity: 3600, usageMetrics: [{ metric: TOTAL_COST }]) { usageColumns { start models { count metrics { values amounts } } } } }`;
    // 168 starts + 5 guessed models × (168 counts + 1 metric × 2 × 168).
    expect(cellsOf(usage)).toBe(168 + 5 * (168 + 2 * 168));
  });

  it('shrinks with a coarser granularity', () => {
    expect(cellsOf(BIG_STATS, { range: week, g: 3600 })).toBe(1 + 168 * 19);
  });

  it('lets every GraphiQL example and bench workload 4 pass the default limit', () => {
    const dir = join(import.meta.dirname, '../../graphiql/examples');
    const files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const varsFile = join(dir, f.replace(/\.graphql$/, '.json'));
      let vars: Record<string, unknown> = {};
      try {
        vars = JSON.parse(readFileSync(varsFile, 'utf8')) as Record<string, unknown>;
      } catch {
        // no variables
      }
      const cells = cellsOf(readFileSync(join(dir, f), 'utf8'), vars);
      expect({ example: f, fits: cells <= DEFAULT_BOUNDS.maxResultCells }).toEqual({ example: f, fits: true });
    }
    expect(cellsOf(BIG_STATS, { range: week, g: 300 })).toBeLessThanOrEqual(DEFAULT_BOUNDS.maxResultCells);
  });
});

describe('MAX_RESULT_CELLS and MAX_UPSTREAM_BYTES settings', () => {
  it('default to 100000 cells and 32 MiB; large from 50000 cells, two at a time', () => {
    expect(readBoundsConfig({})).toEqual({ maxResultCells: 100_000, maxUpstreamBytes: 33_554_432, largeResultCells: 50_000, maxConcurrentLarge: 2 });
  });

  it('refuse a value that is not an integer in range, naming the variable', () => {
    expect(() => readBoundsConfig({ MAX_RESULT_CELLS: 'lots' })).toThrow('MAX_RESULT_CELLS must be an integer from 1 to 100000000, but got: "lots"');
    expect(() => readBoundsConfig({ MAX_UPSTREAM_BYTES: '10' })).toThrow(/MAX_UPSTREAM_BYTES must be an integer from 1024/);
  });
});

describe('a gateway with bounded answers', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { MAX_RESULT_CELLS: '20000', MAX_UPSTREAM_BYTES: '200000' } });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('refuses an operation over MAX_RESULT_CELLS before any upstream call, saying how to narrow it', async () => {
    gw.sims.resetLogs();
    const { body } = await gw.query(BIG_STATS, { range: week, g: 300 });
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cells: 38_305, limit: 20_000 });
    expect(body.errors[0].message).toMatch(/shorter range.*coarser granularity.*fewer metrics.*smaller `first`/);
    expect(gw.sims.callStats.count()).toBe(0);
  });

  it('answers the same operation narrowed to hourly buckets', async () => {
    const { body } = await gw.query(BIG_STATS, { range: week, g: 3600 });
    expect(body.errors).toBeUndefined();
    expect(body.data.callStats.callBuckets.nodes.length).toBeGreaterThan(100);
  });

  it('refuses an upstream body over MAX_UPSTREAM_BYTES as a bad response of that source only', async () => {
    gw.sims.callStats.setFault({ status: 200, raw: JSON.stringify({ granularity: 300, call_buckets: [], pad: 'x'.repeat(300_000) }) });
    try {
      const { body } = await gw.query(`{ callStats(projectId: "acme/support-bot", range: { start: "2026-10-01T00:00:00Z", end: "2026-10-02T00:00:00Z" }, callMetrics: [{ metric: CALL_COUNT, aggregations: [SUM] }]) { granularity } gateway { demo } }`);
      expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', source: 'CALL_STATS' });
      expect(body.errors[0].message).toMatch(/larger than the gateway accepts/);
      expect(body.data.gateway).toEqual({ demo: false });
    } finally {
      gw.sims.callStats.setFault(null);
    }
  });
});
