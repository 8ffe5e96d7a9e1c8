// The longest the gateway's event loop is held while it answers one biggest-allowed call-stats
// answer at a time (after `npm run build:server`): /healthz is probed every 2 ms from another
// process's point of view, and the slowest probe is the longest hold (plus one round trip).
//
//   node bench/hold.mjs [dist] [--runs=5] [--concurrency=1] [--flags="--node-flag ..."] [--env="NAME=value ..."]     (also prints the gateway's largest RSS)
import { Pool } from 'undici';
import { resolve } from 'node:path';
import { PRODUCTION_NODE_FLAGS, freePort, sourceEnv } from './env.mjs';
import { GATEWAY_CORE, LOAD_CORE, pin, rssMb, startChild, waitHttp } from './procs.mjs';

const argv = process.argv.slice(2);
const opt = (name, d) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? d;
const dist = argv.find((a) => !a.startsWith('--')) ?? 'dist';
const RUNS = Number(opt('runs', '5'));
const CONCURRENCY = Number(opt('concurrency', '1'));
// Node flags of the gateway (default: production's, package.json start:built).
// Extra settings, e.g. --env="MAX_CONCURRENT_LARGE=4".
const EXTRA_ENV = Object.fromEntries((opt('env', '') ?? '').split(' ').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const FLAGS = opt('flags', null)?.split(' ').filter(Boolean) ?? PRODUCTION_NODE_FLAGS;
const KEY = 'bench-key-0123456789abcdef0123456789abcdef';
const HERE = new URL('.', import.meta.url).pathname;

pin(process.pid, LOAD_CORE);
const sims = startChild('simulators', [resolve(HERE, 'simulators.mjs'), '0'], { core: LOAD_CORE });
const { sourcesConfig } = await sims.ready;
const port = await freePort();
const gw = startChild('gateway', [...FLAGS, resolve(dist, 'src/index.js')], {
  core: GATEWAY_CORE,
  env: { NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), GATEWAY_API_KEYS: `bench=${KEY}`, RATE_LIMIT_RPS: '0', CACHE: 'off', ACCESS_LOG: 'off', ...sourceEnv(sourcesConfig), ...EXTRA_ENV },
  readyMatch: (l) => l.includes('listening'),
});
await gw.ready;
const origin = `http://127.0.0.1:${port}`;
await waitHttp(`${origin}/healthz`);
const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const query = `query Big($range: TimeRange!) {
  callStats(projectId: "acme/support-bot", range: $range, granularity: 300, callMetrics: [{ metric: LATENCY_MS, aggregations: [AVG, MAX], percentiles: [95] }, { metric: CALL_COUNT, aggregations: [SUM] }]) {
    granularity
    callBuckets(first: 10000) { nodes { start end count metrics { metric aggregation percentile value } } }
  }
}`;
const pool = new Pool(origin, { connections: 24 });
const probe = new Pool(origin, { connections: 1 });
const big = async (i) => {
  const start = today - 19 * DAY + i * 300_000;
  const res = await pool.request({ path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify({ query, variables: { range: { start: new Date(start).toISOString(), end: new Date(start + 18 * DAY).toISOString() } } }), headersTimeout: 60_000, bodyTimeout: 60_000 });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}: ${text.slice(0, 200)}`);
  return text.length;
};
await big(999); // warm (and compile)
await big(998);
const holds = [];
const walls = [];
let rssMax = 0;
const rssTimer = setInterval(() => (rssMax = Math.max(rssMax, rssMb(gw.pid))), 100);
for (let r = 0; r < RUNS; r++) {
  let running = true;
  let max = 0;
  const prober = (async () => {
    while (running) {
      const t0 = performance.now();
      const res = await probe.request({ path: '/healthz', method: 'GET' });
      await res.body.text();
      max = Math.max(max, performance.now() - t0);
      await new Promise((ok) => setTimeout(ok, 2));
    }
  })();
  const t0 = performance.now();
  const sizes = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => big(r * CONCURRENCY + i)));
  walls.push(performance.now() - t0);
  running = false;
  await prober;
  holds.push(max);
  if (r === 0) console.log(`answer ${(sizes[0] / 1e6).toFixed(2)} MB`);
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
clearInterval(rssTimer);
console.log(JSON.stringify({ dist, concurrency: CONCURRENCY, runs: RUNS, longestHoldMs: { median: +med(holds).toFixed(1), max: +Math.max(...holds).toFixed(1) }, wallMs: { median: +med(walls).toFixed(1) }, rssMaxMb: Math.round(rssMax) }));
await pool.close();
await probe.close();
await gw.stop();
await sims.stop();
process.exit(0);
