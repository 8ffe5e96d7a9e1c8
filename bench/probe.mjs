// A liveness prober in a process of its own: GET <url> every <intervalMs> for <seconds>, then
// print the latencies (ms) as one JSON line. The long run's big-answer phase uses it so that
// the probe's latency is the gateway's, not the load generator's event loop busy parsing 2 MB
// answers (a kubelet does not share a process with the load either).
//
//   node bench/probe.mjs <url> <seconds> [intervalMs=100]
import { Pool } from 'undici';

const [url, seconds, intervalMs = '100'] = process.argv.slice(2);
const target = new URL(url);
const pool = new Pool(target.origin, { connections: 1, pipelining: 1 });
const until = performance.now() + Number(seconds) * 1000;
const latencies = [];
while (performance.now() < until) {
  const t0 = performance.now();
  try {
    const res = await pool.request({ path: target.pathname, method: 'GET', headersTimeout: 30_000 });
    await res.body.text();
  } catch {
    /* a failed probe counts with the time it took */
  }
  latencies.push(performance.now() - t0);
  await new Promise((ok) => setTimeout(ok, Number(intervalMs)));
}
await pool.close();
process.stdout.write(`${JSON.stringify({ latencies })}\n`);
