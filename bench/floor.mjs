// A hand-written floor for a big answer: what a plain server without GraphQL does to write
// workload 4's (or 9's) answer from the upstream body — JSON.parse, the buckets mapped by hand to
// the schema's shape, JSON.stringify — timed in this process beside (a)'s JSON work (parse and
// re-serialize). It first checks that the hand-made answer is byte for byte the gateway's.
//
//   npm run build && node bench/floor.mjs      (about 20 s; prints ms per answer, best of 200)
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { WORKLOADS, upstreamHeaders, upstreamPath } from './workloads.mjs';
import { freePort, sourceEnv } from './env.mjs';

const HERE = new URL('.', import.meta.url).pathname;
const KEY = 'bench-key-0123456789abcdef0123456789abcdef';
const firstLine = (child, match) => new Promise((resolve) => createInterface({ input: child.stdout }).on('line', (l) => match(l) && resolve(l)));
const sims = spawn(process.execPath, [join(HERE, 'simulators.mjs'), '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const { sourcesConfig: s } = JSON.parse(await firstLine(sims, () => true));
const port = await freePort();
const env = { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), GATEWAY_API_KEYS: `bench=${KEY}`, RATE_LIMIT_RPS: '0', CACHE: 'off', ...sourceEnv(s) };
const gw = spawn(process.execPath, [join(HERE, '../dist/src/index.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
await firstLine(gw, (l) => l.includes('listening'));

async function sample(id) {
  const w = WORKLOADS.find((x) => x.id === id);
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify({ query: w.query, variables: w.variables }) });
  const call = w.calls()[0];
  const cfg = s[call.source];
  const up = await fetch(new URL(upstreamPath(cfg, call), new URL(cfg.baseUrl).origin), { method: call.method, headers: { 'content-type': 'application/json', ...upstreamHeaders(call.source, cfg, null) }, body: JSON.stringify(call.body) });
  return { answer: (await res.text()).trimEnd(), upstream: await up.text() };
}

// By hand, for exactly this workload's selection (300 s buckets; four cells per bucket).
const G = 300_000;
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const cellsOf = (b) => [['LATENCY_MS', 'AVG', null, b.avg_latency_ms], ['LATENCY_MS', 'MAX', null, b.max_latency_ms], ['LATENCY_MS', null, 95, b.p95_latency_ms], ['CALL_COUNT', 'SUM', null, b.sum_call_count]];
const FLOORS = {
  4(text) {
    const body = JSON.parse(text);
    const nodes = body.call_buckets.map((b) => {
      const t = Date.parse(b.timestamp);
      return { start: iso(t), end: iso(t + G), count: b.count, metrics: cellsOf(b).map(([metric, aggregation, percentile, value]) => ({ metric, aggregation, percentile, value })) };
    });
    return JSON.stringify({ data: { callStats: { granularity: body.granularity, callBuckets: { nodes } } } });
  },
  9(text) {
    const body = JSON.parse(text);
    const start = [], end = [], count = [], values = [[], [], [], []];
    for (const b of body.call_buckets) {
      const t = Date.parse(b.timestamp);
      start.push(iso(t));
      end.push(iso(t + G));
      count.push(b.count);
      cellsOf(b).forEach((c, i) => values[i].push(c[3]));
    }
    const metrics = cellsOf({}).map(([metric, aggregation, percentile], i) => ({ metric, aggregation, percentile, values: values[i] }));
    return JSON.stringify({ data: { callStats: { granularity: body.granularity, callColumns: { start, end, count, metrics } } } });
  },
};
const echo = (text) => JSON.stringify({ data: { callStats0: JSON.parse(text) } });
const best = (f, text) => {
  let m = Infinity;
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    f(text);
    m = Math.min(m, performance.now() - t0);
  }
  return m;
};

try {
  for (const id of [4, 9]) {
    const { answer, upstream } = await sample(id);
    const same = FLOORS[id](upstream) === answer;
    const a = best(echo, upstream);
    const f = best(FLOORS[id], upstream);
    console.log(`workload ${id}: upstream ${(upstream.length / 1024).toFixed(1)} KB, answer ${(answer.length / 1024).toFixed(1)} KB, hand-made answer identical: ${same}`);
    console.log(`  (a)'s JSON work ${a.toFixed(3)} ms; the floor's ${f.toFixed(3)} ms (+${(f - a).toFixed(3)} ms per request over (a) for a hand-written server of this answer)`);
  }
} finally {
  gw.kill();
  sims.kill();
}
