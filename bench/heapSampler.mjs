// Preloaded into the gateway (NODE_OPTIONS=--import=./bench/heapSampler.mjs), under any bench:
// every second it appends one JSON line to <HEAP_SAMPLE_DIR or /tmp>/heap-<pid>.jsonl with the
// process's memory (RSS, heap, external), each V8 heap space's used and committed MB, and the
// garbage collections of that second by kind (count and ms). It shows what an RSS figure is made
// of: young generation, old generation awaiting a full collection, large objects, or memory
// outside the JS heap. `node bench/heapSamples.mjs <file>` summarizes a file. Other processes
// that inherit NODE_OPTIONS (simulators, load generator, baseline) are left alone.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

const KINDS = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'markCompact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakCallbacks',
};
const mb = (bytes) => Math.round(bytes / 1e5) / 10;

if (process.argv[1]?.endsWith(join('src', 'index.js'))) {
  const file = join(process.env.HEAP_SAMPLE_DIR ?? '/tmp', `heap-${process.pid}.jsonl`);
  const started = Date.now();
  let gc = {};
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = KINDS[entry.detail?.kind] ?? 'other';
      const seen = (gc[kind] ??= { count: 0, ms: 0 });
      seen.count++;
      seen.ms = Math.round((seen.ms + entry.duration) * 10) / 10;
    }
  }).observe({ entryTypes: ['gc'] });
  setInterval(() => {
    const m = process.memoryUsage();
    const spaces = {};
    for (const s of getHeapSpaceStatistics()) spaces[s.space_name.replace(/_space$/, '')] = { usedMb: mb(s.space_used_size), committedMb: mb(s.physical_space_size) };
    appendFileSync(file, `${JSON.stringify({ s: Math.round((Date.now() - started) / 1000), rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), externalMb: mb(m.external), spaces, gc })}\n`);
    gc = {};
  }, 1000).unref();
}
