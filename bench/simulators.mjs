// Child process: the four built-in simulators (built JS) plus a small admin HTTP server of the
// bench's own that exposes per-simulator request counters. Counting uses Node's
// `http.server.request.start` diagnostics channel, so src/ stays untouched and the simulators can
// run with `log: false` (no request log growing under load).
//
//   node bench/simulators.mjs [latencyMs]
//   stdout line 1: {"admin": "http://127.0.0.1:<port>", "sourcesConfig": {...}, "pid": <pid>}
//   GET  /counts           → {"iblai": {"total": n, "paths": {"/api/...": n}}, ...}
//   POST /reset            → zeroes the counters
//   POST /latency?ms=20    → fixed extra latency of every simulator answer
import diagnostics from 'node:diagnostics_channel';
import { createServer } from 'node:http';
import { startSimulators } from '../dist/src/simulators/startSimulators.js';
import { SOURCES } from '../dist/src/sources/registry.js';

const latencyMs = Number(process.argv[2] ?? 0);
const sims = await startSimulators({ latencyMs, log: false });
const NAMES = SOURCES.map((d) => d.key);
const byPort = new Map(NAMES.map((n) => [Number(new URL(sims[n].url).port), n]));
const counts = {};
const reset = () => {
  for (const n of NAMES) counts[n] = { total: 0, paths: {}, lastUrl: {} };
};
reset();

diagnostics.subscribe('http.server.request.start', ({ request, server }) => {
  const name = byPort.get(server.address()?.port);
  if (!name) return;
  const c = counts[name];
  c.total++;
  const url = request.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  c.paths[path] = (c.paths[path] ?? 0) + 1;
  // The last full URL per path: the bench checks that baseline (a) asks exactly what the gateway asks.
  c.lastUrl[path] = `${request.method} ${url}`;
});

const admin = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://admin.local');
  let body = '{}';
  if (url.pathname === '/counts') body = JSON.stringify(counts);
  else if (url.pathname === '/reset') reset();
  else if (url.pathname === '/latency') {
    const ms = Number(url.searchParams.get('ms') ?? 0);
    for (const n of NAMES) sims[n].setLatency(ms);
  } else {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(body);
});
await new Promise((r) => admin.listen(0, '127.0.0.1', r));

process.stdout.write(
  `${JSON.stringify({ admin: `http://127.0.0.1:${admin.address().port}`, sourcesConfig: sims.sourcesConfig, pid: process.pid })}\n`,
);
const stop = async () => {
  admin.close();
  await sims.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
