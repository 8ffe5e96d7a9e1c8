// Baseline (a): the physical limit for a Node gateway. A bare node:http server that reads and
// parses the request body, makes the workload's upstream call(s) with undici (one keep-alive Pool
// per origin, sized like the gateway's), parses each JSON answer and writes them back as one JSON
// document. No GraphQL, no validation, no mapping.
//
//   BENCH_SOURCES='<sourcesConfig JSON>' node bench/baseline.mjs
//   POST /w/<workload id>    stdout line 1: {"url": "http://127.0.0.1:<port>"}
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { WORKLOADS, callCountsLogin, upstreamHeaders, upstreamPath } from './workloads.mjs';

const sources = JSON.parse(process.env.BENCH_SOURCES ?? '{}');
const jwt = await callCountsLogin(sources.callCounts).catch(() => null);
const pools = new Map();
const poolFor = (origin) => {
  let p = pools.get(origin);
  if (!p) pools.set(origin, (p = new Pool(origin, { connections: 32, pipelining: 1, keepAliveTimeout: 10_000 })));
  return p;
};

// Everything that does not depend on the request is prepared once, as a hand-written server would.
const prepared = new Map(
  WORKLOADS.map((w) => [
    String(w.id),
    w.calls().map((call) => {
      const cfg = sources[call.source];
      const origin = new URL(cfg.baseUrl).origin;
      const headers = { accept: 'application/json', ...upstreamHeaders(call.source, cfg, jwt) };
      if (call.body) headers['content-type'] = 'application/json';
      return { key: call.source, pool: poolFor(origin), origin, method: call.method, path: upstreamPath(cfg, call), headers, body: call.body };
    }),
  ]),
);

async function fetchJson(c) {
  const res = await c.pool.request({
    origin: c.origin,
    method: c.method,
    path: c.path,
    headers: c.headers,
    body: c.body === undefined ? undefined : JSON.stringify(c.body),
  });
  const text = await res.body.text();
  if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`upstream ${c.key} answered ${res.statusCode}`);
  return JSON.parse(text);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    try {
      if (chunks.length) JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const calls = prepared.get(req.url.slice(3));
      if (!calls) {
        res.writeHead(404).end();
        return;
      }
      const bodies = await Promise.all(calls.map(fetchJson));
      const data = {};
      calls.forEach((c, i) => {
        data[`${c.key}${i}`] = bodies[i];
      });
      const out = JSON.stringify({ data });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(out);
    } catch (err) {
      const out = JSON.stringify({ errors: [{ message: String(err?.message ?? err) }] });
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(out);
    }
  });
});
server.keepAliveTimeout = 65_000;
await new Promise((r) => server.listen(0, '127.0.0.1', r));
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}`, jwt: Boolean(jwt) })}\n`);
process.on('SIGTERM', () => {
  server.close();
  for (const p of pools.values()) p.destroy();
  process.exit(0);
});
