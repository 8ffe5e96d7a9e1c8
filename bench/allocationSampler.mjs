// Preloaded into the gateway (NODE_OPTIONS=--import=./bench/allocationSampler.mjs): after
// ALLOC_SAMPLE_AT_MS (default 9000, past warm-up) it samples every allocation for
// ALLOC_SAMPLE_MS (default 4000), including objects that a scavenge or a full collection has
// already freed, and writes the profile with the number of HTTP requests served meanwhile to
// <ALLOC_SAMPLE_DIR or /tmp>/allocations-<pid>.json. Other processes that inherit
// NODE_OPTIONS (simulators, load generator, baseline) are left alone.
import { Session } from 'node:inspector/promises';
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

if (process.argv[1]?.endsWith(join('src', 'index.js'))) {
  let requests = 0;
  subscribe('http.server.request.start', () => requests++);
  const session = new Session();
  session.connect();
  setTimeout(async () => {
    await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    const before = requests;
    setTimeout(async () => {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(join(process.env.ALLOC_SAMPLE_DIR ?? '/tmp', `allocations-${process.pid}.json`), JSON.stringify({ requests: requests - before, profile }));
    }, Number(process.env.ALLOC_SAMPLE_MS ?? 4000));
  }, Number(process.env.ALLOC_SAMPLE_AT_MS ?? 9000)).unref();
}
