// Child process: ONE built-in simulator (built JS), chosen by its source key in the registry,
// plus an admin HTTP server of its own, so that the long run (bench/long.mjs) can fault one
// backend at a time and kill and restart its process on the same port.
//
//   node bench/simulator.mjs <sourceKey> [port] [latencyMs]
//   stdout line 1: {"key": "...", "url": "http://127.0.0.1:<port>", "admin": "http://127.0.0.1:<port>", "config": {...}, "pid": <pid>}
//   POST /fault  (JSON body: a SimFault, or null to clear)   POST /latency?ms=20
//   GET  /counts → {"total": n, "abandoned": n}               POST /reset
import diagnostics from 'node:diagnostics_channel';
import { createServer } from 'node:http';
import { SOURCES } from '../dist/src/sources/registry.js';

const [key, portArg, latencyArg] = process.argv.slice(2);
const definition = SOURCES.find((d) => d.key === key);
if (!definition) {
  console.error(`unknown source key ${key}; known: ${SOURCES.map((d) => d.key).join(', ')}`);
  process.exit(2);
}
const sim = await definition.simulator.start({ latencyMs: Number(latencyArg ?? 0), log: false, port: portArg ? Number(portArg) : undefined });
const simPort = Number(new URL(sim.url).port);
let total = 0;
diagnostics.subscribe('http.server.request.start', ({ server }) => {
  if (server.address()?.port === simPort) total++;
});

const admin = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://admin.local');
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body = '{}';
    if (url.pathname === '/counts') body = JSON.stringify({ total, abandoned: sim.abandoned });
    else if (url.pathname === '/reset') total = 0;
    else if (url.pathname === '/latency') sim.setLatency(Number(url.searchParams.get('ms') ?? 0));
    else if (url.pathname === '/fault') sim.setFault(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
    else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
});
await new Promise((r) => admin.listen(0, '127.0.0.1', r));
process.stdout.write(
  `${JSON.stringify({ key, url: sim.url, port: simPort, admin: `http://127.0.0.1:${admin.address().port}`, config: definition.simulator.config(sim), pid: process.pid })}\n`,
);
const stop = async () => {
  admin.close();
  await sim.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
