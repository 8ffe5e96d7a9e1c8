// Summarizes a Linux `perf` profile of the gateway: where its CPU goes including what a V8
// profile (--cpu-prof) does not show apart: the kernel (sockets, scheduling), V8's runtime and
// garbage collector, and Node's C++. Each sample is charged to its nearest JavaScript frame's
// package (node_modules package, the gateway's own src/ folder, or Node's internal module);
// samples with no JavaScript frame at all are charged to kernel, gc or native.
//
//   node --perf-basic-prof dist/src/index.js                       (the gateway, JS symbols on)
//   perf record -F 4000 -g -t <gateway pid> -o /tmp/perf.data      (under load; Ctrl-C to stop)
//   perf script -i /tmp/perf.data -F ip,sym > /tmp/perf.txt
//   node bench/perfSamples.mjs /tmp/perf.txt [--top=30] [--ours]   (--ours: the gateway's own functions)
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const argv = process.argv.slice(2);
const file = argv.find((a) => !a.startsWith('--'));
const top = Number(argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 30);
const ours = argv.includes('--ours');
if (!file) {
  console.error('usage: node bench/perfSamples.mjs <perf script output> [--top=30] [--ours]');
  process.exit(2);
}

/** The package a JavaScript frame belongs to, or undefined for a native frame. */
function packageOf(sym) {
  if (!sym.startsWith('JS:')) return undefined;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(sym);
  if (pkg) return pkg[1];
  const src = /\/dist\/src\/([^/:]+)/.exec(sym);
  if (src) return `src/${src[1]}`;
  const core = /\bnode:([^\s:]+)/.exec(sym);
  if (core) return `node:${core[1]}`;
  return 'js (other)';
}

const nativeKind = (frames) => {
  if (frames.some((f) => /entry_SYSCALL|do_syscall|\[k\]/.test(f) || /^(?:__x64_sys|tcp_|ip_|sock_)/.test(f))) return 'kernel (no JS frame)';
  if (frames.some((f) => /Scavenge|MarkCompact|Heap::|ConcurrentMarking|Sweeper/.test(f))) return 'gc (no JS frame)';
  return 'native (no JS frame)';
};

const byPackage = new Map();
const byFunction = new Map();
let samples = 0;
let frames = [];
const add = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
const flush = () => {
  if (!frames.length) return;
  samples++;
  const js = frames.find((f) => f.startsWith('JS:'));
  add(byPackage, js ? packageOf(js) : nativeKind(frames));
  if (ours && js?.includes('/dist/src/')) add(byFunction, js.replace(/^JS:[*~^]?/, '').replace(/file:\/\/\S*\/dist\/src\//, 'src/'));
  frames = [];
};
for await (const line of createInterface({ input: createReadStream(file) })) {
  const t = line.trim();
  if (!t) {
    flush();
    continue;
  }
  // "<ip> <symbol ...>", one frame per line, innermost first; a blank line ends a sample.
  const space = t.indexOf(' ');
  if (space > 0) frames.push(t.slice(space + 1));
}
flush();

const print = (title, map) => {
  console.log(`\n${title} (${samples} samples)`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * v) / samples).toFixed(2).padStart(7)}%  ${k}`);
};
print('by package of the nearest JavaScript frame', byPackage);
if (ours) print("the gateway's own functions (nearest JavaScript frame)", byFunction);
