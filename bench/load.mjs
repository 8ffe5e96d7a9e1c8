// Child process: the load generator. One JSON job on argv, one JSON result line on stdout.
//   {mode: "autocannon", url, method, headers, body, connections, duration, verify}  sustained load
//   {mode: "latency", url, method, headers, body, duration}   one request at a time, µs timing
//   {mode: "latencyPair", targets: [{url, method, headers, body}, ...], duration}   alternating,
//      one request at a time, so both targets see the same machine noise
//   {mode: "burst", url, method, headers, body, n, rounds, warmPath}   n requests fired at once
import autocannon from 'autocannon';
import { Pool } from 'undici';

const job = JSON.parse(process.argv[2]);

function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function runAutocannon() {
  const result = await autocannon({
    url: job.url,
    method: job.method,
    headers: job.headers,
    body: job.body,
    connections: job.connections,
    duration: job.duration,
    // A 200 with `errors` in it is a failed GraphQL request too: count it as a mismatch.
    ...(job.verify ? { verifyBody: (b) => !b.includes('"errors"') } : {}),
  });
  return {
    requests: result.requests.total,
    rps: result.requests.total / (result.duration || job.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.mean,
    errors: result.errors + result.timeouts + result.non2xx + (result.mismatches ?? 0),
    non2xx: result.non2xx,
    gqlErrors: result.mismatches ?? 0,
    durationS: result.duration,
  };
}

function client(connections, target = job) {
  const url = new URL(target.url);
  return { pool: new Pool(url.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 }), url, target };
}

async function send(pool, url, target = job) {
  const t0 = process.hrtime.bigint();
  const res = await pool.request({ method: target.method, path: url.pathname + url.search, headers: target.headers, body: target.body });
  const text = await res.body.text();
  const us = Number(process.hrtime.bigint() - t0) / 1000;
  return { us, ok: res.statusCode >= 200 && res.statusCode < 300 && !text.includes('"errors"'), status: res.statusCode };
}

async function runLatency() {
  const { pool, url } = client(1);
  const lat = [];
  let errors = 0;
  const until = Date.now() + job.duration * 1000;
  while (Date.now() < until) {
    const r = await send(pool, url);
    lat.push(r.us);
    if (!r.ok) errors++;
  }
  await pool.close();
  lat.sort((a, b) => a - b);
  return {
    requests: lat.length,
    rps: lat.length / job.duration,
    p50: quantile(lat, 0.5) / 1000,
    p99: quantile(lat, 0.99) / 1000,
    mean: lat.reduce((a, b) => a + b, 0) / lat.length / 1000,
    errors,
  };
}

async function runLatencyPair() {
  const clients = job.targets.map((t) => client(1, t));
  const lat = clients.map(() => []);
  const errors = clients.map(() => 0);
  const until = Date.now() + job.duration * 1000;
  while (Date.now() < until) {
    for (let i = 0; i < clients.length; i++) {
      const c = clients[i];
      const r = await send(c.pool, c.url, c.target);
      lat[i].push(r.us);
      if (!r.ok) errors[i]++;
    }
  }
  await Promise.all(clients.map((c) => c.pool.close()));
  // The paired difference (target i minus target 0, request by request) cancels shared noise.
  const diffs = lat.map((l) => l.map((us, k) => us - lat[0][k]).sort((a, b) => a - b));
  return lat.map((l, i) => {
    const sorted = [...l].sort((a, b) => a - b);
    return {
      requests: l.length,
      p50: quantile(sorted, 0.5) / 1000,
      p99: quantile(sorted, 0.99) / 1000,
      mean: l.reduce((a, b) => a + b, 0) / l.length / 1000,
      pairedDiffP50: quantile(diffs[i], 0.5) / 1000,
      errors: errors[i],
    };
  });
}

async function runBurst() {
  const { pool, url } = client(job.n);
  // Open every connection first (a cheap request per socket), so the burst measures the
  // requests, not TCP handshakes.
  await Promise.all(
    Array.from({ length: job.n }, async () => {
      const res = await pool.request({ method: 'GET', path: job.warmPath ?? '/' });
      await res.body.dump();
    }),
  );
  const rounds = [];
  for (let r = 0; r < job.rounds; r++) {
    await fetch(job.beforeRound, { method: 'POST' }).catch(() => {});
    const t0 = process.hrtime.bigint();
    const all = await Promise.all(Array.from({ length: job.n }, () => send(pool, url)));
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const lat = all.map((x) => x.us).sort((a, b) => a - b);
    const counts = await fetch(job.afterRound).then((x) => x.json()).catch(() => null);
    rounds.push({
      wallMs,
      p50: quantile(lat, 0.5) / 1000,
      p99: quantile(lat, 0.99) / 1000,
      errors: all.filter((x) => !x.ok).length,
      counts,
    });
    await new Promise((res) => setTimeout(res, 200));
  }
  await pool.close();
  return { rounds };
}

const modes = { autocannon: runAutocannon, latency: runLatency, latencyPair: runLatencyPair, burst: runBurst };
const out = await modes[job.mode]();
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
