// Cold latency and upstream calls of one cost report (after `npm run build:server`):
//
//   node bench/costReport.mjs [--runs=5] [--latency=0,20] [--timezone=America/New_York] [--separate]
//
// Each run starts a fresh gateway (empty pools, nothing compiled) over real HTTP on 127.0.0.1
// and times its first report (cold), then the same report twice more (warm: pools open, no
// answer is reused across requests). The report is 30 local days, DAY buckets, all three cost
// sources; `--latency` adds a fixed delay to every simulator answer. By default the simulators
// run in the gateway's process with fresh data caches per run, as in demo mode (`npm start`);
// `--separate` runs them once in a child process (bench/simulators.mjs), so the numbers are the
// gateway's own time plus the upstream answers.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { loadConfig, withSources } from '../dist/src/config/loadConfig.js';
import { createLogger } from '../dist/src/logger.js';
import { startGateway } from '../dist/src/server/startGateway.js';
import { startSimulators } from '../dist/src/simulators/startSimulators.js';

const option = (name, fallback) => process.argv.slice(2).find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const RUNS = Number(option('runs', '5'));
const LATENCIES = option('latency', '0,20').split(',').map(Number);
const TIMEZONE = option('timezone', 'America/New_York');
const KEY = 'bench-key-0123456789abcdef0123456789abcdef';
const SEPARATE = process.argv.includes('--separate');

/** The simulators in a child process: their sources config and request counters. */
async function childSimulators() {
  const child = spawn(process.execPath, [new URL('./simulators.mjs', import.meta.url).pathname, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next().then((r) => [r.value]);
  const info = JSON.parse(line);
  const admin = (path, method = 'GET') => fetch(`${info.admin}${path}`, { method }).then((r) => r.json());
  return {
    sourcesConfig: info.sourcesConfig,
    setLatency: (ms) => admin(`/latency?ms=${ms}`, 'POST'),
    reset: () => admin('/reset', 'POST'),
    counts: async () => Object.fromEntries(Object.entries(await admin('/counts')).map(([k, v]) => [k, v.total])),
    close: () => child.kill(),
  };
}
const child = SEPARATE ? await childSimulators() : null;

const QUERY = `query ($range: TimeRange!, $tz: String) {
  costReport(range: $range, bucket: DAY, timezone: $tz, sources: { iblai: { org: "main", userId: "admin@main" }, callStats: { projectId: "acme/support-bot" }, ejento: {} }) {
    buckets { start end total { amount } bySource { source cost { amount } } } total { amount } sources { source status code }
  }
}`;

/** The 30 local days before today in `zone`, as a half-open UTC range. */
function thirtyDays(zone) {
  const day = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  // The gateway widens to whole local days: any instant of the first and of the day after the last day will do.
  const today = Date.now();
  return { start: new Date(Date.parse(`${day(today - 30 * 86_400_000)}T12:00:00Z`)).toISOString(), end: new Date(Date.parse(`${day(today)}T00:00:00Z`)).toISOString() };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

for (const latency of LATENCIES) {
  const cold = [];
  const warm = [];
  const cpuMs = [];
  let calls = null;
  if (child) await child.setLatency(latency);
  for (let run = 0; run < RUNS; run++) {
    const sims = child ?? (await startSimulators({ latencyMs: latency }));
    const base = loadConfig({ PORT: '0', HOST: '127.0.0.1', AUTH: 'on', GATEWAY_API_KEYS: `bench=${KEY}`, RATE_LIMIT_RPS: '0', LOG_LEVEL: 'silent' });
    const config = withSources({ ...base, mode: 'live' }, sims.sourcesConfig);
    const logger = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));
    const running = await startGateway({ config, logger });
    const ask = async () => {
      const cpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': KEY },
        body: JSON.stringify({ query: QUERY, variables: { range: thirtyDays(TIMEZONE), tz: TIMEZONE } }),
      });
      const body = await res.json();
      const took = ms(t0);
      const cpu = process.cpuUsage(cpu0);
      cpuMs.push((cpu.user + cpu.system) / 1000);
      if (body.errors || body.data.costReport.buckets.length !== 30) throw new Error(`unexpected answer: ${JSON.stringify(body).slice(0, 300)}`);
      return took;
    };
    await child?.reset();
    cold.push(await ask());
    const counted = child ? await child.counts() : Object.fromEntries(['iblai', 'callStats', 'ejento'].map((k) => [k, sims[k].count()]));
    calls ??= { iblai: counted.iblai, callStats: counted.callStats, ejento: counted.ejento };
    warm.push(await ask(), await ask());
    await running.stop(1000);
    if (!child) await sims.close();
  }
  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  console.log(
    `${child ? 'separate' : 'in-process'} simulators, latency ${latency} ms, ${TIMEZONE}: ${total} upstream calls ${JSON.stringify(calls)}; ` +
      `cold ${cold.map((x) => x.toFixed(0)).join('/')} ms (median ${median(cold).toFixed(0)}), warm median ${median(warm).toFixed(0)} ms; ` +
      `CPU of this process per report: median ${median(cpuMs).toFixed(0)} ms${child ? ' (the gateway alone)' : ' (gateway and simulators)'}`,
  );
}
child?.close();
