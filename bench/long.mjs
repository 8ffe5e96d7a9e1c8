// `npm run bench -- --long`: long load and faults (never part of CI's test run).
//
//   1. steady: 200 connections for 10 minutes (--long-minutes=N) over a rotating mix of the
//      GraphiQL examples, 20 ms upstreams: RSS every 5 s (growth after warm-up), 5xx, crashes;
//   2. chaos under the same load: per backend a fault (500 at 50%, hanging, 20% of connections
//      reset, malformed bodies, simulator process killed and restarted on its port), each held
//      for --fault-seconds (20) then cleared and watched for --recover-seconds (20): the success
//      ratio of the unaffected sources' fields, their p99, breaker transitions, seconds to full
//      recovery of the faulted source;
//   3. big answers: 20 concurrent biggest-allowed call-stats answers (just under
//      MAX_RESULT_CELLS) for --big-seconds (20) with /healthz probed every 100 ms.
//
// One simulator process per backend (bench/simulator.mjs), generic over the registry.
// Results: bench/results/<date>-long.{json,md}, with the command that produced them.
import { PRODUCTION_NODE_FLAGS, freePort, sourceEnv } from './env.mjs';
import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { SOURCES } from '../dist/src/sources/registry.js';
import { GATEWAY_CORE, LOAD_CORE, PINNING, cpuMs, pin, rssMb, sleep, startChild, waitHttp } from './procs.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const API_KEY = 'bench-key-0123456789abcdef0123456789abcdef';
const log = (...a) => console.log(...a);
const round = (x, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);
const pct = (xs, p) => {
  if (!xs.length) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};


/** The faults of the chaos schedule, in order; backend i % n takes fault i. */
const FAULTS = [
  { name: '500 at 50%', fault: { status: 500, body: { detail: 'chaos' }, probability: 0.5 } },
  { name: 'hanging', fault: { hang: true } },
  { name: 'reset 20% of connections', fault: { reset: true, probability: 0.2 } },
  { name: 'malformed bodies', fault: { status: 200, raw: '{"this is": not json' } },
  { name: 'process killed and restarted on its port', kill: true },
];

function gatewayEnv(sources, port, extra) {
  const env = { NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', GATEWAY_API_KEYS: `bench=${API_KEY}`, RATE_LIMIT_RPS: '0', LOG_LEVEL: process.env.BENCH_GATEWAY_LOG_LEVEL ?? 'warn', ...extra };
  Object.assign(env, sourceEnv(sources));
  return env;
}

/** The GraphiQL examples (operation + variables), as the GraphiQL tabs hold them. */
function readExamples() {
  const dir = join(ROOT, 'graphiql/examples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => {
      const id = f.replace(/\.graphql$/, '');
      let variables = {};
      try {
        variables = JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8'));
      } catch {
        /* no variables */
      }
      return { id, query: readFileSync(join(dir, f), 'utf8'), variables };
    });
}

/** One simulator child per backend; `restart` brings a killed one back on its port. */
async function startSimulator(key, port, latencyMs) {
  const child = startChild(`sim:${key}`, [join(HERE, 'simulator.mjs'), key, String(port ?? ''), String(latencyMs)], { core: LOAD_CORE });
  const info = await child.ready;
  return { child, info };
}

const post = async (url, body) => (await fetch(url, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) })).arrayBuffer();

/**
 * The load: `connections` workers over one keep-alive pool, each sending the next example in
 * the rotation as soon as its previous answer is in. Every answer is classified per source:
 * a source's fields succeeded when the answer is HTTP 200 and no error names that source (an
 * error without a source fails every source the example touches).
 */
function createLoad({ url, connections, examples, sourceNames }) {
  const origin = new URL(url).origin;
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const bodies = examples.map((e) => JSON.stringify({ query: e.query, variables: e.variables }));
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` };
  let running = false;
  let next = 0;
  let sent = 0;
  let phase = null;
  const lastFailure = Object.fromEntries(sourceNames.map((n) => [n, 0]));
  const newPhase = (name) => ({ name, startedAt: performance.now(), requests: 0, status5xx: 0, other: 0, clientErrors: 0, latencies: [], latenciesBySource: Object.fromEntries(sourceNames.map((n) => [n, []])), fields: Object.fromEntries(sourceNames.map((n) => [n, { total: 0, ok: 0 }])), failures: [] });
  const record = (example, status, json, ms, clientError) => {
    const p = phase;
    p.requests++;
    if (status >= 500) p.status5xx++;
    const now = performance.now();
    const errs = json?.errors ?? [];
    for (const s of example.sources) {
      const failed = status !== 200 || !json || errs.some((e) => e?.extensions?.source === s || !e?.extensions?.source);
      p.fields[s].total++;
      if (!failed) p.fields[s].ok++;
      else {
        lastFailure[s] = now;
        if (p.failures.length < 2000) p.failures.push({ t: round((now - p.startedAt) / 1000, 1), sentAt: round((now - ms - p.startedAt) / 1000, 2), example: example.id, ...(clientError ? { clientError } : {}), source: s, status, code: errs.find((e) => e?.extensions?.source === s)?.extensions?.code ?? errs[0]?.extensions?.code ?? null });
      }
      p.latenciesBySource[s].push(ms);
    }
    p.latencies.push(ms);
  };
  async function worker() {
    while (running) {
      const i = next++ % examples.length;
      const example = examples[i];
      const t0 = performance.now();
      let status = 0;
      let json = null;
      let clientError = null;
      const requestId = `load-${++sent}`;
      try {
        const res = await pool.request({ origin, method: 'POST', path: '/graphql', headers: { ...headers, 'x-request-id': requestId }, body: bodies[i], headersTimeout: 20_000, bodyTimeout: 20_000 });
        status = res.statusCode;
        const text = await res.body.text();
        try {
          json = JSON.parse(text);
        } catch {
          /* counted as a failure */
        }
      } catch (e) {
        phase.clientErrors++;
        clientError = `${e?.code ?? e?.name ?? 'error'} ${requestId}`;
      }
      record(example, status, json, performance.now() - t0, clientError);
    }
  }
  let workers = [];
  return {
    lastFailure,
    /** Opens every connection first (a /healthz per socket, all at once) and says how long that took. */
    async warm() {
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: connections }, async () => {
          const res = await pool.request({ origin, method: 'GET', path: '/healthz', headersTimeout: 30_000 });
          await res.body.dump();
        }),
      );
      return performance.now() - t0;
    },
    start(name) {
      phase = newPhase(name);
      running = true;
      workers = Array.from({ length: connections }, () => worker());
    },
    /** Closes the current phase (its stats) and opens the next. */
    phase(name) {
      const done = phase;
      phase = newPhase(name);
      done.seconds = (performance.now() - done.startedAt) / 1000;
      return done;
    },
    async stop() {
      running = false;
      await Promise.all(workers);
      const done = phase;
      done.seconds = (performance.now() - done.startedAt) / 1000;
      await pool.close();
      return done;
    },
  };
}

/** Polls /readyz: every circuit state change, with the time it was seen. */
function watchBreakers(gwUrl) {
  const transitions = [];
  let last = {};
  let stopped = false;
  const t0 = Date.now();
  (async () => {
    while (!stopped) {
      try {
        const res = await fetch(`${gwUrl}/readyz`);
        const { circuits = {} } = await res.json();
        for (const [source, state] of Object.entries(circuits)) {
          if (last[source] !== undefined && last[source] !== state) transitions.push({ atS: round((Date.now() - t0) / 1000, 1), at: Date.now(), source, from: last[source], to: state });
        }
        last = circuits;
      } catch {
        /* the gateway is busy or gone: the crash check reports it */
      }
      await sleep(250);
    }
  })();
  return { transitions, stop: () => (stopped = true) };
}

function summarize(p, sourceNames, skip = null) {
  const fields = {};
  for (const s of sourceNames) {
    const f = p.fields[s];
    fields[s] = { total: f.total, ok: f.ok, ratio: f.total ? round(f.ok / f.total, 4) : null, p99Ms: round(pct(p.latenciesBySource[s], 99), 1) };
  }
  const unaffected = sourceNames.filter((s) => s !== skip);
  const unaffectedLat = unaffected.flatMap((s) => p.latenciesBySource[s]);
  return {
    name: p.name,
    seconds: round(p.seconds, 1),
    requests: p.requests,
    rps: round(p.requests / p.seconds, 0),
    status5xx: p.status5xx,
    clientErrors: p.clientErrors,
    p50Ms: round(pct(p.latencies, 50), 1),
    p99Ms: round(pct(p.latencies, 99), 1),
    fields,
    unaffectedOkRatio: round(unaffected.reduce((n, s) => n + p.fields[s].ok, 0) / Math.max(1, unaffected.reduce((n, s) => n + p.fields[s].total, 0)), 4),
    unaffectedP99Ms: round(pct(unaffectedLat, 99), 1),
    unaffectedFailures: p.failures.filter((f) => f.source !== skip).slice(0, 20),
  };
}

export async function runLong(argv) {
  const opt = (name, d) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? d;
  const MINUTES = Number(opt('long-minutes', '10'));
  const FAULT_S = Number(opt('fault-seconds', '20'));
  const RECOVER_S = Number(opt('recover-seconds', '20'));
  const BIG_S = Number(opt('big-seconds', '20'));
  const CONNECTIONS = Number(opt('long-connections', '200'));
  const LATENCY = 20;
  const command = `npm run bench -- ${argv.join(' ')}`.trim();
  pin(process.pid, LOAD_CORE);
  const started = Date.now();
  log(`analytics-gateway long run ${new Date().toISOString()}: ${command}`);
  log(`steady ${MINUTES} min at c=${CONNECTIONS}, ${LATENCY} ms upstreams; chaos ${FAULTS.length} faults × (${FAULT_S} s + ${RECOVER_S} s); big answers ${BIG_S} s`);
  log(`layout: ${PINNING ? `gateway on core ${GATEWAY_CORE}; simulators (one process per backend), load and runner on core ${LOAD_CORE}` : 'NOT pinned'}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

  const sims = {};
  for (const { key } of SOURCES) sims[key] = await startSimulator(key, undefined, LATENCY);
  const sourcesConfig = Object.fromEntries(Object.entries(sims).map(([k, s]) => [k, s.info.config]));
  const nameOf = Object.fromEntries(SOURCES.map((d) => [d.key, d.name]));
  const sourceNames = SOURCES.map((d) => d.name);
  const openMs = 10_000; // BREAKER_OPEN_MS default, which the gateway runs with here
  const gwPort = await freePort();
  const gateway = startChild('gateway', [...PRODUCTION_NODE_FLAGS, join(ROOT, 'dist/src/index.js')], { core: GATEWAY_CORE, env: gatewayEnv(sourcesConfig, gwPort), stdout: process.env.BENCH_GATEWAY_STDOUT ? 'inherit' : 'pipe', readyMatch: (l) => l.includes('listening') });
  let gatewayExit = null;
  gateway.child.once('exit', (code, signal) => {
    gatewayExit = { code, signal, atS: round((Date.now() - started) / 1000, 0), stderr: gateway.stderr().slice(-3000) };
    log(`GATEWAY EXITED (code ${code}, signal ${signal}):\n${gatewayExit.stderr}`);
  });
  await gateway.ready.catch(() => null);
  const gwUrl = `http://127.0.0.1:${gwPort}`;
  await waitHttp(`${gwUrl}/healthz`);

  // Which sources each example reads: counted at the simulators over one request.
  const counts = async () => Object.fromEntries(await Promise.all(Object.entries(sims).map(async ([k, s]) => [k, await (await fetch(`${s.info.admin}/counts`)).json()])));
  const examples = [];
  for (const e of readExamples()) {
    const before = await counts();
    const res = await fetch(`${gwUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` }, body: JSON.stringify({ query: e.query, variables: e.variables }) });
    const json = await res.json().catch(() => null);
    const after = await counts();
    const sources = Object.keys(sims).filter((k) => after[k].total > before[k].total).map((k) => nameOf[k]);
    const problems = (json?.errors ?? []).map((x) => `${x.extensions?.code}: ${x.message}`);
    log(`  example ${e.id}: ${res.status}, sources ${sources.join(', ') || '(none)'}${problems.length ? `, errors: ${problems.slice(0, 2).join('; ')}` : ''}`);
    examples.push({ ...e, sources, problems });
  }
  const mix = examples.filter((e) => e.sources.length > 0 && e.problems.length === 0);
  const results = { date: new Date().toISOString(), command, node: process.version, settings: { minutes: MINUTES, connections: CONNECTIONS, latencyMs: LATENCY, faultSeconds: FAULT_S, recoverSeconds: RECOVER_S, bigSeconds: BIG_S, breakerOpenMs: openMs }, loadavgBefore: loadavg(), examples: examples.map((e) => ({ id: e.id, sources: e.sources, problems: e.problems })) };

  // ---- 1. steady --------------------------------------------------------------------------
  log(`\nsteady: ${mix.length} examples in rotation, c=${CONNECTIONS}, ${MINUTES} min`);
  const load = createLoad({ url: gwUrl, connections: CONNECTIONS, examples: mix, sourceNames });
  const breakers = watchBreakers(gwUrl);
  const rss = [];
  const cpu0 = cpuMs(gateway.pid);
  const rssTimer = setInterval(() => {
    try {
      rss.push({ s: round((Date.now() - started) / 1000, 0), mb: round(rssMb(gateway.pid), 1) });
    } catch {
      /* gone */
    }
  }, 5000);
  const warmMs = await load.warm();
  log(`  ${CONNECTIONS} connections opened in ${round(warmMs, 0)} ms`);
  load.start('steady');
  const steadyEnd = Date.now() + MINUTES * 60_000;
  while (Date.now() < steadyEnd) {
    await sleep(Math.min(30_000, steadyEnd - Date.now()));
    log(`  ${round((MINUTES * 60_000 - (steadyEnd - Date.now())) / 1000, 0)} s: RSS ${rss.at(-1)?.mb} MB`);
  }
  const steadyRaw = load.phase('chaos: warm');
  const steadySamples = [...rss];
  const steady = summarize(steadyRaw, sourceNames);
  steady.cpuMsPerReq = gatewayExit ? NaN : round((cpuMs(gateway.pid) - cpu0) / steadyRaw.requests, 3);
  // Warm-up: the first fifth of the run (at least 30 s); growth = last minute vs the first minute after warm-up.
  const warm = Math.max(1, Math.floor(steadySamples.length / 5));
  const after = steadySamples.slice(warm);
  const avg = (xs) => xs.reduce((a, b) => a + b.mb, 0) / Math.max(1, xs.length);
  const firstMin = avg(after.slice(0, 12));
  const lastMin = avg(after.slice(-12));
  // Least-squares slope of RSS after warm-up, MB per minute.
  const n = after.length;
  const mx = after.reduce((a, b) => a + b.s, 0) / Math.max(1, n);
  const my = avg(after);
  const slope = n > 1 ? (after.reduce((a, b) => a + (b.s - mx) * (b.mb - my), 0) / after.reduce((a, b) => a + (b.s - mx) ** 2, 0)) * 60 : NaN;
  steady.rss = { samples: steadySamples, warmUpSamples: warm, firstMinuteAfterWarmUpMb: round(firstMin, 1), lastMinuteMb: round(lastMin, 1), growthPct: round(((lastMin - firstMin) / firstMin) * 100, 1), slopeMbPerMin: round(slope, 2), maxMb: Math.max(...steadySamples.map((x) => x.mb)) };
  results.steady = steady;
  log(`  ${steady.requests} requests (${steady.rps} req/s), 5xx ${steady.status5xx}, client errors ${steady.clientErrors}, p99 ${steady.p99Ms} ms; RSS ${steady.rss.firstMinuteAfterWarmUpMb} → ${steady.rss.lastMinuteMb} MB (${steady.rss.growthPct}%, slope ${steady.rss.slopeMbPerMin} MB/min)`);
  if (steady.unaffectedFailures.length) log(`  first failures: ${JSON.stringify(steady.unaffectedFailures.slice(0, 8))}`);

  if (argv.includes('--steady-only')) {
    await load.stop();
    breakers.stop();
    await gateway.stop();
    for (const s of Object.values(sims)) await s.child.stop();
    return results;
  }

  // ---- 2. chaos ---------------------------------------------------------------------------
  await sleep(5000);
  load.phase('chaos');
  const keys = SOURCES.map((d) => d.key);
  results.chaos = [];
  for (let i = 0; i < FAULTS.length; i++) {
    const f = FAULTS[i];
    const key = keys[i % keys.length];
    const name = nameOf[key];
    log(`\nchaos ${i + 1}/${FAULTS.length}: ${name} ${f.name} for ${FAULT_S} s`);
    load.phase(`${name}: ${f.name}`);
    const t0 = Date.now();
    const port = sims[key].info.port;
    if (f.kill) await sims[key].child.stop('SIGKILL');
    else await post(`${sims[key].info.admin}/fault`, f.fault);
    await sleep(FAULT_S * 1000);
    const faulted = load.phase(`${name}: recovery`);
    if (f.kill) sims[key] = await startSimulator(key, port, LATENCY);
    else await post(`${sims[key].info.admin}/fault`, null);
    const clearedAt = performance.now();
    const clearedWall = Date.now();
    await sleep(RECOVER_S * 1000);
    const recovery = load.phase('between');
    const last = load.lastFailure[name];
    // Seconds from the fault's end to the last failed field of the faulted source.
    const recoverySeconds = last > clearedAt ? round((last - clearedAt) / 1000, 1) : 0;
    const phase = {
      source: name,
      fault: f.name,
      during: summarize(faulted, sourceNames, name),
      after: summarize(recovery, sourceNames, name),
      breakerTransitions: breakers.transitions.filter((x) => x.at >= t0).map(({ at, ...x }) => ({ ...x, sinceFaultS: round((at - t0) / 1000, 1) })),
      recoverySeconds,
      recoveredWithinWindow: last <= clearedAt || performance.now() - last > 2000,
      goalSeconds: openMs / 1000 + 3,
    };
    phase.meetsGoal = phase.recoveredWithinWindow && recoverySeconds <= phase.goalSeconds;
    results.chaos.push(phase);
    log(`  unaffected fields ok ${round(phase.during.unaffectedOkRatio * 100, 2)}% during, ${round(phase.after.unaffectedOkRatio * 100, 2)}% after; unaffected p99 ${phase.during.unaffectedP99Ms} ms; 5xx ${phase.during.status5xx + phase.after.status5xx}; breaker ${phase.breakerTransitions.map((x) => `${x.source} ${x.from}→${x.to} @${x.sinceFaultS}s`).join(', ') || 'no transitions'}; ${name} recovered ${recoverySeconds} s after the fault cleared (goal ${phase.goalSeconds} s)`);
    void clearedWall;
  }
  await load.stop();
  breakers.stop();
  clearInterval(rssTimer);

  // ---- 3. big answers ---------------------------------------------------------------------
  await sleep(3000);
  const big = await bigAnswers(gwUrl, gateway.pid, BIG_S);
  results.bigAnswers = big;
  log(`\nbig answers: 20 concurrent call-stats answers of ${big.buckets} buckets (${big.cells} cells, ${round(big.bytes / 1e6, 2)} MB): ${big.requests} answers, errors ${big.errors}, answer p50 ${big.p50Ms} ms p99 ${big.p99Ms} ms; /healthz every 100 ms p50 ${big.healthz.p50Ms} ms p99 ${big.healthz.p99Ms} ms max ${big.healthz.maxMs} ms; RSS max ${big.rssMaxMb} MB`);

  results.crashed = gatewayExit;
  results.gatewayAlive = gatewayExit === null;
  await gateway.stop();
  for (const s of Object.values(sims)) await s.child.stop();
  results.loadavgAfter = loadavg();
  results.elapsedS = round((Date.now() - started) / 1000, 0);
  results.targets = targets(results);
  const md = markdown(results);
  log(`\n${md}`);
  if (!argv.includes('--no-write')) {
    const dir = join(HERE, 'results');
    mkdirSync(dir, { recursive: true });
    const stamp = `${results.date.slice(0, 10)}-long${MINUTES !== 10 ? `-${MINUTES}min` : ''}`;
    writeFileSync(join(dir, `${stamp}.json`), `${JSON.stringify(results, null, 1)}\n`);
    writeFileSync(join(dir, `${stamp}.md`), md);
    log(`written: bench/results/${stamp}.json and .md`);
  }
}

/** Runs bench/probe.mjs on the load core for `seconds`; resolves to its latencies (ms). */
async function runProbe(url, seconds) {
  // The probe's one stdout line, at its end, is what startChild waits for.
  const probe = startChild('probe', [join(HERE, 'probe.mjs'), url, String(seconds)], { core: LOAD_CORE, readyTimeoutMs: (seconds + 30) * 1000 });
  return (await probe.ready).latencies;
}

/** 20 workers, each asking for its own (distinct range) biggest-allowed call-stats answer in a loop. */
async function bigAnswers(gwUrl, pid, seconds) {
  const DAY = 86_400_000;
  const today = Math.floor(Date.now() / DAY) * DAY;
  // 18 days at 300 s = 5,184 buckets × (start, end, count + 4 metric values × 4 fields) + 1 = 98,497 cells (MAX_RESULT_CELLS 100,000).
  const query = `query Big($range: TimeRange!) {
  callStats(projectId: "acme/support-bot", range: $range, granularity: 300, callMetrics: [{ metric: LATENCY_MS, aggregations: [AVG, MAX], percentiles: [95] }, { metric: CALL_COUNT, aggregations: [SUM] }]) {
    granularity
    callBuckets(first: 10000) { nodes { start end count metrics { metric aggregation percentile value } } }
  }
}`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` };
  const pool = new Pool(new URL(gwUrl).origin, { connections: 24, pipelining: 1 });
  const lat = [];
  const health = [];
  let errors = 0;
  let bytes = 0;
  let buckets = 0;
  let running = true;
  const rss = [];
  const rssTimer = setInterval(() => rss.push(rssMb(pid)), 200);
  // /healthz from a process of its own: this one parses 20 workers' 2 MB answers.
  const prober = runProbe(`${new URL(gwUrl).origin}/healthz`, seconds).then((l) => health.push(...l));
  const worker = async (w) => {
    // A distinct range per worker (shifted by whole 5 minutes): no coalescing across workers.
    const start = today - 19 * DAY + w * 300_000;
    const body = JSON.stringify({ query, variables: { range: { start: new Date(start).toISOString(), end: new Date(start + 18 * DAY).toISOString() } } });
    while (running) {
      const t0 = performance.now();
      try {
        const res = await pool.request({ path: '/graphql', method: 'POST', headers, body, headersTimeout: 60_000, bodyTimeout: 60_000 });
        const text = await res.body.text();
        // One full parse (the bucket count); then the status and the top of the body suffice.
        if (res.statusCode !== 200 || !text.startsWith('{"data":') || text.includes('"errors":[')) errors++;
        else if (!buckets) {
          bytes = text.length;
          buckets = JSON.parse(text).data.callStats.callBuckets.nodes.length;
        }
      } catch {
        errors++;
      }
      lat.push(performance.now() - t0);
    }
  };
  const workers = Array.from({ length: 20 }, (_, w) => worker(w));
  await sleep(seconds * 1000);
  running = false;
  await Promise.all(workers);
  await prober;
  clearInterval(rssTimer);
  await pool.close();
  return {
    concurrency: 20,
    seconds,
    buckets,
    cells: 1 + buckets * 19,
    bytes,
    requests: lat.length,
    errors,
    p50Ms: round(pct(lat, 50), 0),
    p99Ms: round(pct(lat, 99), 0),
    maxMs: round(Math.max(...lat), 0),
    healthz: { probes: health.length, p50Ms: round(pct(health, 50), 1), p99Ms: round(pct(health, 99), 1), maxMs: round(Math.max(...health), 1) },
    rssMaxMb: round(Math.max(...rss), 1),
  };
}

function targets(r) {
  const t = [];
  const add = (name, pass, value) => t.push({ name, pass, value });
  add('zero crashes (gateway alive at the end)', r.gatewayAlive, r.gatewayAlive ? 'alive' : JSON.stringify(r.crashed));
  add('zero 5xx over the steady run', r.steady.status5xx === 0, String(r.steady.status5xx));
  add('every field succeeded over the steady run', r.steady.unaffectedOkRatio === 1, `${round(r.steady.unaffectedOkRatio * 100, 3)}%`);
  add('RSS flat after warm-up (< 5% growth)', r.steady.rss.growthPct < 5, `${r.steady.rss.growthPct}% (${r.steady.rss.firstMinuteAfterWarmUpMb} → ${r.steady.rss.lastMinuteMb} MB, slope ${r.steady.rss.slopeMbPerMin} MB/min)`);
  for (const c of r.chaos) {
    add(`${c.source} ${c.fault}: unaffected sources' fields 100% (during and after)`, c.during.unaffectedOkRatio === 1 && c.after.unaffectedOkRatio === 1, `${round(c.during.unaffectedOkRatio * 100, 3)}% / ${round(c.after.unaffectedOkRatio * 100, 3)}%`);
    add(`${c.source} ${c.fault}: recovered within open window + 3 s`, c.meetsGoal, `${c.recoverySeconds} s`);
  }
  add('zero 5xx during chaos', r.chaos.every((c) => c.during.status5xx + c.after.status5xx === 0), String(r.chaos.reduce((n, c) => n + c.during.status5xx + c.after.status5xx, 0)));
  add('big answers: /healthz p99 < 200 ms', r.bigAnswers.healthz.p99Ms < 200, `${r.bigAnswers.healthz.p99Ms} ms (max ${r.bigAnswers.healthz.maxMs} ms)`);
  add('big answers: RSS < 400 MB', r.bigAnswers.rssMaxMb < 400, `${r.bigAnswers.rssMaxMb} MB`);
  return t;
}

function markdown(r) {
  const L = [
    `# Long run ${r.date}`,
    '',
    `Command: \`${r.command}\` (Node ${r.node}; ${r.elapsedS} s; load average before/after ${r.loadavgBefore.map((x) => x.toFixed(1)).join(' ')} / ${r.loadavgAfter.map((x) => x.toFixed(1)).join(' ')}).`,
    `Steady: ${r.settings.minutes} min, ${r.settings.connections} connections over ${r.examples.filter((e) => e.sources.length && !e.problems.length).length} GraphiQL examples, ${r.settings.latencyMs} ms upstreams, one simulator process per backend.`,
    '',
    '| steady | value |',
    '|---|---|',
    `| requests (req/s) | ${r.steady.requests} (${r.steady.rps}) |`,
    `| 5xx / client errors | ${r.steady.status5xx} / ${r.steady.clientErrors} |`,
    `| p50 / p99 ms | ${r.steady.p50Ms} / ${r.steady.p99Ms} |`,
    `| fields ok | ${round(r.steady.unaffectedOkRatio * 100, 3)}% |`,
    `| gateway CPU ms/req | ${r.steady.cpuMsPerReq} |`,
    `| RSS after warm-up: first → last minute (growth, slope) | ${r.steady.rss.firstMinuteAfterWarmUpMb} → ${r.steady.rss.lastMinuteMb} MB (${r.steady.rss.growthPct}%, ${r.steady.rss.slopeMbPerMin} MB/min), max ${r.steady.rss.maxMb} MB |`,
    '',
    `Chaos (each fault ${r.settings.faultSeconds} s, then ${r.settings.recoverSeconds} s watched; BREAKER_OPEN_MS ${r.settings.breakerOpenMs}):`,
    '',
    '| faulted source | fault | unaffected fields ok during / after | unaffected p99 ms during | 5xx | breaker transitions (s after fault start) | recovery s (goal) |',
    '|---|---|---:|---:|---:|---|---:|',
  ];
  for (const c of r.chaos) {
    L.push(`| ${c.source} | ${c.fault} | ${round(c.during.unaffectedOkRatio * 100, 3)}% / ${round(c.after.unaffectedOkRatio * 100, 3)}% | ${c.during.unaffectedP99Ms} | ${c.during.status5xx + c.after.status5xx} | ${c.breakerTransitions.map((x) => `${x.source} ${x.from}→${x.to} ${x.sinceFaultS}`).join('; ') || '–'} | ${c.recoverySeconds} (${c.goalSeconds})${c.recoveredWithinWindow ? '' : ' not recovered in window'} |`);
  }
  const b = r.bigAnswers;
  L.push('', `Big answers: ${b.concurrency} concurrent call-stats answers of ${b.buckets} buckets (${b.cells} cells, ${round(b.bytes / 1e6, 2)} MB JSON) for ${b.seconds} s: ${b.requests} answers, ${b.errors} errors, p50 ${b.p50Ms} ms, p99 ${b.p99Ms} ms; /healthz every 100 ms: p50 ${b.healthz.p50Ms} ms, p99 ${b.healthz.p99Ms} ms, max ${b.healthz.maxMs} ms; RSS max ${b.rssMaxMb} MB.`);
  L.push('', '| target | result | value |', '|---|---|---|');
  for (const t of r.targets) L.push(`| ${t.name} | ${t.pass ? 'PASS' : 'FAIL'} | ${t.value} |`);
  return `${L.join('\n')}\n`;
}
