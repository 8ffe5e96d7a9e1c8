import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { callStatsSource, toCallStatsRequest, type CallStatsLoaders } from '../../../src/sources/callStats/index.js';
import type { CallStatsArgs } from '../../../src/sources/callStats/request.js';
import { createSources, type ConfiguredSource } from '../../../src/sources/createSources.js';
import { startCallStatsSimulator } from '../../../src/simulators/callStats.js';
import type { SimulatorServer } from '../../../src/simulators/startSimulatorServer.js';

const NOW = Date.parse('2026-11-01T00:00:00Z');
const logger = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));
const base: CallStatsArgs = {
  projectId: 'acme/support-bot',
  range: { start: Date.parse('2026-10-05T08:00:00Z'), end: Date.parse('2026-10-05T14:00:00Z') },
};

describe('call-stats loaders against the simulator', () => {
  let sim: SimulatorServer;
  let source: ConfiguredSource;
  beforeAll(async () => {
    sim = await startCallStatsSimulator({ now: () => NOW });
    source = createSources([callStatsSource], { callStats: callStatsSource.simulator.config(sim) }, { logger }).get('callStats')!;
  });
  afterAll(async () => {
    await source.client.close();
    await sim.close();
  });
  beforeEach(() => sim.resetLog());

  const loaders = () => <CallStatsLoaders>source.createLoaders({ now: NOW, deadline: Date.now() + 10_000, logger, requestId: 't', forwarded: {} });
  const req = (args: Partial<CallStatsArgs>) => toCallStatsRequest({ ...base, ...args }, NOW);

  it('makes identical requests once', async () => {
    const l = loaders();
    const r = req({ callMetrics: [{ metric: 'LATENCY_MS', percentiles: [95] }] });
    const [a, b] = await Promise.all([l.stats.load(r), l.stats.load({ ...r })]);
    expect(a).toBe(b);
    expect(sim.count()).toBe(1);
  });

  it('merges requests that differ only in metrics into one POST with the same grid', async () => {
    const l = loaders();
    const [a, b, c] = await Promise.all([
      l.stats.load(req({ callMetrics: [{ metric: 'LATENCY_MS', percentiles: [95] }] })),
      l.stats.load(req({ callMetrics: [{ metric: 'ERROR_COUNT' }] })),
      l.stats.load(req({ usageMetrics: [{ metric: 'TOTAL_COST' }] })),
    ]);
    expect(sim.count()).toBe(1);
    expect(a).toBe(b);
    expect(a).toBe(c);
    const sent = JSON.parse(sim.requests[0]!.rawBody);
    expect(sent.call_metrics.map((m: any) => m.metric)).toEqual(['latency_ms', 'error_count']);
    expect(sent.usage_metrics.map((m: any) => m.metric)).toEqual(['total_cost']);
    // The merged answer equals what each request would get alone.
    const alone = await loaders().stats.load(req({ callMetrics: [{ metric: 'LATENCY_MS', percentiles: [95] }] }));
    expect(alone.granularity).toBe(a.granularity);
    expect(alone.callBuckets.map((x) => [x.start, x.count, x.cells.get('p95_latency_ms')])).toEqual(
      a.callBuckets.map((x) => [x.start, x.count, x.cells.get('p95_latency_ms')]),
    );
  });

  it('keeps requests with another granularity, timezone, filter or range apart', async () => {
    const l = loaders();
    const m = [{ metric: 'CALL_COUNT' as const }];
    await Promise.all([
      l.stats.load(req({ callMetrics: m })),
      l.stats.load(req({ callMetrics: m, granularity: 600 })),
      l.stats.load(req({ callMetrics: m, timezone: 'Asia/Tokyo' })),
      l.stats.load(req({ callMetrics: m, filter: { opNames: ['retrieve'] } })),
      l.stats.load(req({ callMetrics: m, range: { start: base.range.start, end: base.range.end! + 1000 } })),
    ]);
    expect(sim.count()).toBe(5);
  });

  it('fails each request of a failed merged call, and a new request scope calls again', async () => {
    sim.setFault({ status: 404, body: { reason: 'gone' }, times: 1 });
    const l = loaders();
    const results = await Promise.allSettled([
      l.stats.load(req({ callMetrics: [{ metric: 'CALL_COUNT' }] })),
      l.stats.load(req({ usageMetrics: [{ metric: 'INPUT_TOKENS' }] })),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.extensions).toMatchObject({ code: 'NOT_FOUND', source: 'CALL_STATS' });
    await expect(loaders().stats.load(req({ callMetrics: [{ metric: 'CALL_COUNT' }] }))).resolves.toBeDefined();
    expect(sim.count()).toBe(2);
  });
});
