import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentHash } from '../../src/config/documentsConfig.js';
import { startSimulators, type Simulators } from '../../src/simulators/startSimulators.js';
import { SOURCES } from '../../src/sources/registry.js';
import { startRedis, startSilentServer, type SilentServer, type TestRedis } from '../support/startRedis.js';

// Two gateway processes (separate OS processes, the built dist) over the same simulators,
// sharing one redis-server of this test's own: what one replica cached, counted or registered,
// the other sees; Redis failing never fails a request.
const ENTRY = join(process.cwd(), 'dist/src/index.js');
const KEYS = { alice: 'alice-key-0123456789abcdef', bob: 'bob-key-0123456789abcdef', limited: 'limited-key-0123456789abcdef', warm: 'warm-key-0123456789abcdef' };
const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
const RANGE = { start: iso(today - 2 * DAY), end: iso(today - DAY) };
const DASHBOARD = `query Dashboard($range: TimeRange!) {
  mentorSummary(org: "main", userId: "admin@main") { totalMentors }
  callCounts(range: $range) { total }
  callStats(projectId: "acme/support-bot", range: $range, callMetrics: [{ metric: CALL_COUNT, aggregations: [SUM] }]) { callBuckets { nodes { count } } }
  ejentoOrganization { summary { totalQueries } }
}`;

interface Replica {
  url: string;
  child: ChildProcess;
  out: string[];
}

function startReplica(env: Record<string, string>): Promise<Replica> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first (\`npm test\` does).`);
  const child = spawn(process.execPath, [ENTRY], { env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out.push(chunk.toString());
      const m = /listening on (http:\/\/[^\s/]+)/.exec(out.join(''));
      if (m) resolve({ url: m[1]!, child, out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`gateway exited (${code}) before listening: ${out.join('').slice(-2000)}`)));
  });
}

async function stopReplica(r: Replica | undefined): Promise<void> {
  if (!r || r.child.exitCode !== null) return;
  const exited = new Promise((res) => r.child.once('exit', res));
  r.child.kill('SIGTERM');
  await exited;
}

/** The environment of a live gateway over these simulators (each source's variables from the registry). */
function gatewayEnv(sims: Simulators, extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {
    AUTH: 'on',
    GATEWAY_API_KEYS: Object.entries(KEYS).map(([n, k]) => `${n}=${k}`).join(','),
    BREAKER_FAILURES: '0',
    LOG_LEVEL: 'info',
    RATE_LIMIT_RPS: '1',
    RATE_LIMIT_BURST: '20',
    AUTH_FAILURE_BURST: '6',
    AUTH_FAILURE_RPS: '1',
    REDIS_TIMEOUT_MS: '50',
    ...extra,
  };
  for (const { key, settings } of SOURCES) {
    const c = sims.sourcesConfig[key] as Record<string, string | number> | null;
    if (!c) continue;
    env[settings.baseUrl] = String(c.baseUrl);
    for (const [field, variable] of Object.entries(settings.secrets)) env[variable] = String(c[field]);
  }
  return env;
}

async function post(r: Replica, key: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${r.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key, ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('two replicas sharing one Redis', () => {
  let redis: TestRedis;
  let sims: Simulators;
  let a: Replica;
  let b: Replica;
  const upstream = () => sims.servers.reduce((n, s) => n + s.count(), 0);
  const dashboard = (r: Replica, key: string, range = RANGE) => post(r, key, { query: DASHBOARD, variables: { range } });

  beforeAll(async () => {
    redis = await startRedis();
    sims = await startSimulators();
    // A generous Redis timeout: a busy test machine must not turn a slow first GET into a
    // bypass here (the 50 ms default is exercised below, against a Redis that never answers).
    const env = gatewayEnv(sims, { REDIS_URL: redis.url, REDIS_TIMEOUT_MS: '1000' });
    [a, b] = await Promise.all([startReplica(env), startReplica(env)]);
    // Each replica logs in to call-counts once (its own session token): done here, so the
    // counts below are of data calls only.
    const warm = { query: '{ callCounts { total } }' };
    await Promise.all([post(a, KEYS.warm, warm), post(b, KEYS.warm, warm)]);
  });
  afterAll(async () => {
    await Promise.all([stopReplica(a), stopReplica(b)]);
    await sims?.close();
    await redis?.stop();
  });

  it('answers on replica B from what replica A cached, with zero upstream requests', async () => {
    const first = await dashboard(a, KEYS.alice);

    expect(first.body.errors).toBeUndefined();
    expect(first.body.extensions.cache).toMatchObject({ hits: 0, misses: 4 });
    const before = upstream();
    const second = await dashboard(b, KEYS.alice);
    expect(second.body.data).toEqual(first.body.data);
    expect(second.body.extensions.cache, b.out.join('').slice(-3000)).toMatchObject({ hits: 4, misses: 0 });
    expect(second.body.extensions.cache.sources).toEqual({
      IBLAI: { hits: 1, misses: 0 },
      CALL_COUNTS: { hits: 1, misses: 0 },
      CALL_STATS: { hits: 1, misses: 0 },
      EJENTO: { hits: 1, misses: 0 },
    });
    expect(upstream()).toBe(before);
  });

  it("misses for another API key's identical query", async () => {
    const before = upstream();
    const theirs = await dashboard(b, KEYS.bob);
    expect(theirs.body.errors).toBeUndefined();
    expect(theirs.body.extensions.cache).toMatchObject({ hits: 0, misses: 4 });
    expect(upstream()).toBe(before + 4);
  });

  it('counts one rate limit across both replicas', async () => {
    const results: number[] = [];
    for (let i = 0; i < 30; i++) results.push((await post(i % 2 ? a : b, KEYS.limited, { query: '{ gateway { version } }' })).status);
    const ok = results.filter((s) => s === 200).length;
    // A burst of 20 for both together (plus what 1 token/s refills while this runs), not 20 each.
    expect(ok).toBeGreaterThanOrEqual(20);
    expect(ok).toBeLessThan(26);
    expect(results.filter((s, i) => s === 429 && i % 2 === 0).length).toBeGreaterThan(0);
    expect(results.filter((s, i) => s === 429 && i % 2 === 1).length).toBeGreaterThan(0);
  });

  it('throttles failed authentications of one address across both replicas', async () => {
    // AUTH_FAILURE_BURST 6 for both together: 6 bad keys on each replica alone would all be 401s.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await post(i % 2 ? a : b, 'not-a-valid-key-0123456789', { query: '{ gateway { version } }' })).status);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    // A valid key from the same address is still admitted.
    expect((await post(a, KEYS.warm, { query: '{ gateway { version } }' })).status).toBe(200);
  });

  it('runs on replica B an APQ hash registered on replica A', async () => {
    const query = '{ gateway { version sources { source } } }';
    const hash = documentHash(query);
    const ext = { persistedQuery: { version: 1, sha256Hash: hash } };
    const unknown = await post(b, KEYS.alice, { extensions: ext });
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(a, KEYS.alice, { query, extensions: ext });
    expect(registered.body.errors).toBeUndefined();
    // Apollo writes the registration after answering: give it a moment to land.
    let onB = await post(b, KEYS.alice, { extensions: ext });
    for (let i = 0; i < 50 && onB.body.errors; i++) {
      await new Promise((r) => setTimeout(r, 20));
      onB = await post(b, KEYS.alice, { extensions: ext });
    }
    expect(onB.body.errors).toBeUndefined();
    expect(onB.body.data).toEqual(registered.body.data);
  });

  it('keeps both replicas answering correctly while Redis is stopped, and shares again once it is back', async () => {
    const range = { start: iso(today - 3 * DAY), end: iso(today - 2 * DAY) };
    const expected = (await dashboard(a, KEYS.bob, range)).body.data;
    await redis.stop();
    try {
      for (const r of [a, b, a, b]) {
        const res = await dashboard(r, KEYS.alice, range);
        expect(res.status).toBe(200);
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data).toEqual(expected);
      }
      expect((await post(a, KEYS.alice, { query: '{ gateway { version } }' })).status).toBe(200);
    } finally {
      await redis.start(); // empty: it persists nothing
    }
    // Reconnects by itself: soon a query cached through A is a hit on B again.
    const fresh = { start: iso(today - 4 * DAY), end: iso(today - 3 * DAY) };
    let shared = false;
    for (let i = 0; i < 50 && !shared; i++) {
      const key = i % 2 ? KEYS.alice : KEYS.bob;
      const range2 = { start: fresh.start, end: iso(Date.parse(fresh.end) - i * 60_000) };
      await dashboard(a, key, range2);
      const before = upstream();
      const onB = await dashboard(b, key, range2);
      shared = onB.body.extensions.cache.hits === 4 && upstream() === before;
      if (!shared) await new Promise((r) => setTimeout(r, 100));
    }
    expect(shared).toBe(true);
    expect(a.out.join('')).toContain('Redis is unavailable');
  });
});

describe('a replica whose Redis accepts connections and never answers', () => {
  let silent: SilentServer;
  let sims: Simulators;
  let c: Replica;

  beforeAll(async () => {
    silent = await startSilentServer();
    sims = await startSimulators();
    c = await startReplica(gatewayEnv(sims, { REDIS_URL: silent.url }));
  });
  afterAll(async () => {
    await stopReplica(c);
    await sims?.close();
    await silent?.close();
  });

  it('answers every request correctly, each at most about REDIS_TIMEOUT_MS slower', async () => {
    const took: number[] = [];
    for (let i = 0; i < 8; i++) {
      const range = { start: iso(today - (10 + i) * DAY), end: iso(today - (9 + i) * DAY) };
      const began = performance.now();
      const res = await post(c, KEYS.alice, { query: DASHBOARD, variables: { range } });
      took.push(performance.now() - began);
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      // The first level in memory still serves the calls without a range (mentor summary, Ejento summary).
      const { hits, misses } = res.body.extensions.cache;
      expect([hits, misses]).toEqual(i === 0 ? [0, 4] : [2, 2]);
    }
    // 50 ms is the bound; a wide margin keeps a busy machine from failing this (a Redis wait
    // without the bound would last the whole 10 s request deadline).
    expect(Math.max(...took)).toBeLessThan(1000);
    console.info(`silent Redis: request times ${took.map((x) => x.toFixed(1)).join(', ')} ms`);
  });
});
