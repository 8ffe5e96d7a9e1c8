// Bytes allocated per request by allocation site, from bench/allocationSampler.mjs's file:
//
//   node bench/allocations.mjs /tmp/allocations-<pid>.json [--top=30]
//
// "self" is the function that allocated (functions the optimizer inlined count as their caller);
// "inclusive" adds everything allocated below it.
import { readFileSync } from 'node:fs';

const file = process.argv.find((a, i) => i > 1 && !a.startsWith('--'));
const top = Number(process.argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 30);
const { requests, profile } = JSON.parse(readFileSync(file, 'utf8'));
const self = new Map();
const inclusive = new Map();
let total = 0;
const keyOf = ({ callFrame: f }) => `${f.functionName || '(anonymous)'} ${f.url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, '')}:${f.lineNumber + 1}`;
function walk(node, onStack) {
  const key = keyOf(node);
  self.set(key, (self.get(key) ?? 0) + node.selfSize);
  total += node.selfSize;
  let below = node.selfSize;
  const first = !onStack.has(key);
  if (first) onStack.add(key);
  for (const child of node.children) below += walk(child, onStack);
  if (first) {
    onStack.delete(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + below);
  }
  return below;
}
walk(profile.head, new Set());
const kb = (b) => (b / requests / 1024).toFixed(1).padStart(8);
const list = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `${kb(v)} KB/req  ${k}`).join('\n');
console.log(`${requests} requests sampled, ${kb(total).trim()} KB allocated per request\n\nself\n${list(self)}\n\ninclusive\n${list(inclusive)}`);
