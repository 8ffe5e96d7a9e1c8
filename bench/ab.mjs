// A/B comparison of two builds of the gateway on one workload, for the optimization pass: both
// gateways run side by side on the gateway core against the same simulators, and the load
// alternates between them round by round, so machine noise hits both alike. Reports CPU per
// request (from /proc) and throughput per round, and the median ratio B/A.
//
//   node bench/ab.mjs <distA> <distB> [--workload=1] [--rounds=6] [--duration=4] [--connections=32]
//                     [--flagsA="--node-flag ..."] [--flagsB="..."]   (same dist twice to compare node flags)
//                     [--envA="NAME=value ..."] [--envB="..."]         (same dist twice to compare settings)
//                     [--c1]   one request at a time, alternating A and B request by request (the
//                              bench's c=1 CPU figure); each round lasts --duration seconds
//   e.g. tsc -p tsconfig.build.json --outDir dist/ab-before (without the change), then
//        tsc -p tsconfig.build.json --outDir dist/ab-after (with it):
//        node bench/ab.mjs dist/ab-before dist/ab-after --workload=1
import { PRODUCTION_NODE_FLAGS, freePort, sourceEnv } from './env.mjs';
import { join, resolve } from 'node:path';
import { GATEWAY_CORE, LOAD_CORE, cpuMs, pin, rssMb, startChild, waitHttp } from './procs.mjs';
import { WORKLOADS } from './workloads.mjs';

const HERE = new URL('.', import.meta.url).pathname;
const argv = process.argv.slice(2);
const opt = (name, d) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? d;
const [distA, distB] = argv.filter((a) => !a.startsWith('--'));
const w = WORKLOADS.find((x) => x.id === Number(opt('workload', '1')));
const ROUNDS = Number(opt('rounds', '6'));
const DURATION = Number(opt('duration', '4'));
const CONNECTIONS = Number(opt('connections', String(w.connections ?? 32)));
const KEY = 'bench-key-0123456789abcdef0123456789abcdef';


pin(process.pid, LOAD_CORE);
const sims = startChild('simulators', [join(HERE, 'simulators.mjs'), '0'], { core: LOAD_CORE });
const { sourcesConfig: s } = await sims.ready;
const env = {
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  GATEWAY_API_KEYS: `bench=${KEY}`,
  RATE_LIMIT_RPS: '0',
  // Both sides measure the gateway's own work on every request (override with --envB="CACHE=on").
  CACHE: 'off',
  ...sourceEnv(s),
};
const gws = [];
for (const [name, dist] of [['A', distA], ['B', distB]]) {
  const port = await freePort();
  // Production's node flags first (package.json start:built); a side's own flags come after and win.
  const flags = [...PRODUCTION_NODE_FLAGS, ...(opt(`flags${name}`, '') ?? '').split(' ').filter(Boolean)];
  // --envB="GRAPHQL_JIT_AFTER=0 X=1": settings for one side only (same build, two configurations).
  const ownEnv = Object.fromEntries((opt(`env${name}`, '') ?? '').split(' ').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  const gw = startChild(`gateway ${name}`, [...flags, resolve(dist, 'src/index.js')], {
    core: GATEWAY_CORE,
    env: { ...env, ...ownEnv, PORT: String(port) },
    readyMatch: (l) => l.includes('listening'),
  });
  await gw.ready;
  await waitHttp(`http://127.0.0.1:${port}/healthz`);
  gws.push({ name, dist, gw, url: `http://127.0.0.1:${port}/graphql`, rounds: [] });
}

async function load(job) {
  const c = startChild('load', [join(HERE, 'load.mjs'), JSON.stringify(job)], { core: LOAD_CORE, readyTimeoutMs: (job.duration + 60) * 1000 });
  const r = await c.ready;
  await c.stop();
  return r;
}
const target = (g) => ({
  mode: 'autocannon',
  url: g.url,
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
  body: JSON.stringify({ query: w.query, variables: w.variables }),
  connections: CONNECTIONS,
});

const C1 = argv.includes('--c1');
for (const g of gws) await load({ ...target(g), duration: 2 });
for (let i = 0; C1 && i < ROUNDS; i++) {
  const order = i % 2 ? [...gws].reverse() : gws;
  const c0 = order.map((g) => cpuMs(g.gw.pid));
  const lat = await load({ mode: 'latencyPair', targets: order.map(target), duration: DURATION });
  order.forEach((g, k) => g.rounds.push({ rps: NaN, cpuMsPerReq: (cpuMs(g.gw.pid) - c0[k]) / lat[k].requests, errors: lat[k].errors, p50: lat[k].p50 }));
}
for (let i = 0; !C1 && i < ROUNDS; i++) {
  // Alternate who goes first, so neither always follows the other's garbage.
  for (const g of i % 2 ? [...gws].reverse() : gws) {
    const c0 = cpuMs(g.gw.pid);
    const r = await load({ ...target(g), duration: DURATION });
    g.rounds.push({ rps: r.rps, cpuMsPerReq: (cpuMs(g.gw.pid) - c0) / r.requests, errors: r.errors, p50: r.p50 });
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = { workload: w.id, mode: C1 ? 'c=1' : 'load', connections: C1 ? 1 : CONNECTIONS, rounds: ROUNDS, duration: DURATION };
for (const g of gws) {
  out[g.name] = {
    dist: g.dist,
    cpuMsPerReqMedian: median(g.rounds.map((r) => r.cpuMsPerReq)),
    rpsMedian: median(g.rounds.map((r) => r.rps)),
    errors: g.rounds.reduce((n, r) => n + r.errors, 0),
    rssMb: rssMb(g.gw.pid),
    rounds: g.rounds,
  };
}
// Per-round ratios, paired: B's round i against A's round i.
const ratios = out.A.rounds.map((a, i) => out.B.rounds[i].cpuMsPerReq / a.cpuMsPerReq);
out.cpuRatioBtoA = median(ratios);
out.rpsRatioBtoA = median(out.A.rounds.map((a, i) => out.B.rounds[i].rps / a.rps));
console.log(JSON.stringify(out, null, 1));
console.log(
  `workload ${w.id}: CPU/req A ${out.A.cpuMsPerReqMedian.toFixed(4)} ms, B ${out.B.cpuMsPerReqMedian.toFixed(4)} ms, B/A ${out.cpuRatioBtoA.toFixed(3)} (paired median); req/s B/A ${out.rpsRatioBtoA.toFixed(3)}; errors A ${out.A.errors} B ${out.B.errors}`,
);
for (const g of gws) await g.gw.stop();
await sims.stop();
