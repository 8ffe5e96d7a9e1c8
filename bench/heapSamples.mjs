// Summarizes a bench/heapSampler.mjs file: per window of N seconds (default 10), the largest
// RSS, old-space used and committed, young and large-object committed MB, and the scavenges and
// full collections (mark-compact) in that window. A window where old-space used climbs with no
// full collection is the old generation growing until V8 decides to mark.
//
//   node bench/heapSamples.mjs /tmp/heap-<pid>.jsonl [--window=10]
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/heapSamples.mjs /tmp/heap-<pid>.jsonl [--window=10]');
  process.exit(2);
}
const windowS = Number(process.argv.find((a) => a.startsWith('--window='))?.slice(9) ?? 10);
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));

const windows = new Map();
for (const r of rows) {
  const key = Math.floor(r.s / windowS) * windowS;
  const w = windows.get(key) ?? { rss: 0, oldUsed: 0, oldCommitted: 0, young: 0, large: 0, scavenges: 0, markCompacts: 0, gcMs: 0 };
  w.rss = Math.max(w.rss, r.rssMb);
  w.oldUsed = Math.max(w.oldUsed, r.spaces.old?.usedMb ?? 0);
  w.oldCommitted = Math.max(w.oldCommitted, r.spaces.old?.committedMb ?? 0);
  w.young = Math.max(w.young, r.spaces.new?.committedMb ?? 0);
  w.large = Math.max(w.large, r.spaces.large_object?.committedMb ?? 0);
  w.scavenges += r.gc.scavenge?.count ?? 0;
  w.markCompacts += r.gc.markCompact?.count ?? 0;
  for (const k of Object.values(r.gc)) w.gcMs += k.ms;
  windows.set(key, w);
}

console.log('| s | RSS max | old used max | old committed max | young committed | large objects | scavenges | full collections | GC ms |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const [s, w] of windows) {
  console.log(`| ${s} | ${w.rss} | ${w.oldUsed} | ${w.oldCommitted} | ${w.young} | ${w.large} | ${w.scavenges} | ${w.markCompacts} | ${Math.round(w.gcMs)} |`);
}
