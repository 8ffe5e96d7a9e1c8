// Summarizes a V8 .cpuprofile (from `node --cpu-prof`, e.g. `npm run bench -- --profile`):
// self time by function and by package/file, and inclusive time of selected frames.
//
//   node bench/profile.mjs <file.cpuprofile> [top=30]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 30);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Sample time deltas: each sample's weight is the time until the next one.
// Percentages are of busy time: idle samples are left out.
const self = new Map();
let total = 0;
let idle = 0;
for (let i = 0; i < prof.samples.length; i++) {
  const dt = prof.timeDeltas[i + 1] ?? 0;
  if (byId.get(prof.samples[i]).callFrame.functionName === '(idle)') {
    idle += dt;
    continue;
  }
  self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + dt);
  total += dt;
}

const where = (cf) => {
  const url = cf.url || '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.includes('/dist/src/')) return `src/${url.split('/dist/src/')[1]}`;
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\//, '');
};
const label = (cf) => `${cf.functionName || '(anonymous)'} ${where(cf)}:${cf.lineNumber + 1}`;

const fnSelf = new Map();
const pkgSelf = new Map();
const inclusive = new Map();
for (const [id, t] of self) {
  const n = byId.get(id);
  fnSelf.set(label(n.callFrame), (fnSelf.get(label(n.callFrame)) ?? 0) + t);
  const pkg = n.callFrame.url ? where(n.callFrame) : n.callFrame.functionName || '(native)';
  pkgSelf.set(pkg, (pkgSelf.get(pkg) ?? 0) + t);
  // Inclusive: count each distinct label once per sample stack.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur).callFrame);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + t);
  }
}
const pct = (t) => `${((t / total) * 100).toFixed(1).padStart(5)}%`;
const print = (title, map, n) => {
  console.log(`\n${title}`);
  for (const [k, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${pct(t)}  ${k}`);
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms busy (${(idle / 1000).toFixed(0)} ms idle left out)`);
print('self time by package / file', pkgSelf, 25);
print('self time by function', fnSelf, top);
print('inclusive time by function', inclusive, top);
print('inclusive time of the gateway\'s own code (src/)', new Map([...inclusive].filter(([k]) => k.includes(' src/'))), top);
