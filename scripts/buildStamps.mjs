// Content stamps of the build's inputs: which outputs are stale. Plain Node, no dependencies
// (it runs before anything is built). Content hashes, not mtimes: a git checkout or clone
// gives every file a new mtime.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What is built, from what. `inputs` are paths below the project root (a folder means every
 * file under it) or a RegExp for file names at the root; `output` is the file whose absence
 * means "never built"; `script` is the npm script that builds it. Add a bundle with one line.
 */
export const TARGETS = [
  { name: 'server', inputs: ['src', 'scripts/copySdl.mjs', /^tsconfig.*\.json$/, 'package-lock.json'], output: 'dist/src/index.js', script: 'build:server' },
  { name: 'graphiql', inputs: ['graphiql', 'package-lock.json'], output: 'dist/graphiql/index.html', script: 'build:graphiql' },
  { name: 'dashboard', inputs: ['dashboard', 'package-lock.json'], output: 'dist/dashboard/index.html', script: 'build:dashboard' },
];

/** Where the stamps of the last builds are kept (dist/ is never committed). */
export const STAMPS_FILE = 'dist/.build-stamps.json';

function filesUnder(rootDir, path, out) {
  const abs = join(rootDir, path);
  if (!existsSync(abs)) return;
  if (!statSync(abs).isDirectory()) {
    out.add(path);
    return;
  }
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const child = path === '' ? entry.name : `${path}/${entry.name}`;
    if (entry.isDirectory()) filesUnder(rootDir, child, out);
    else if (entry.isFile()) out.add(child);
  }
}

/** The input files of a target, as sorted forward-slash paths relative to rootDir. */
export function inputFiles(rootDir, target) {
  const files = new Set();
  for (const input of target.inputs) {
    if (input instanceof RegExp) {
      for (const entry of readdirSync(rootDir, { withFileTypes: true })) if (entry.isFile() && input.test(entry.name)) files.add(entry.name);
    } else {
      filesUnder(rootDir, input, files);
    }
  }
  return [...files].sort();
}

/** sha256 over the sorted file list and every file's content (names and lengths delimit them). */
export function stampOf(rootDir, target) {
  const hash = createHash('sha256');
  for (const file of inputFiles(rootDir, target)) {
    const content = readFileSync(join(rootDir, file));
    hash.update(`${file}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest('hex');
}

/** The current stamp of every target: what a build of the tree as it is now would record. */
export function computeStamps(rootDir, targets = TARGETS) {
  return Object.fromEntries(targets.map((t) => [t.name, stampOf(rootDir, t)]));
}

/**
 * The targets to rebuild: output missing, or inputs whose stamp differs from the recorded one.
 * Each comes with its current stamp (to record once it is built) and the reason.
 */
export function staleTargets(rootDir, stamps, targets = TARGETS) {
  const stale = [];
  for (const target of targets) {
    const stamp = stampOf(rootDir, target);
    if (!existsSync(join(rootDir, target.output))) stale.push({ target, stamp, reason: `${target.output} is missing` });
    else if (stamps?.[target.name] !== stamp) stale.push({ target, stamp, reason: stamps?.[target.name] ? 'its inputs changed' : 'no stamp of its last build' });
  }
  return stale;
}

/** The recorded stamps ({} when there are none or the file is unreadable). */
export function readStamps(rootDir) {
  try {
    const parsed = JSON.parse(readFileSync(join(rootDir, STAMPS_FILE), 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
