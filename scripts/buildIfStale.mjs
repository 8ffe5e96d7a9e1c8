// `npm start`'s build step: rebuilds only the targets (scripts/buildStamps.mjs TARGETS) whose
// inputs changed since their last build or whose output is missing, then records their stamps.
// `--record` records the stamps of every built target without building (after `npm run build`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStamps, STAMPS_FILE, staleTargets, stampOf, TARGETS } from './buildStamps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const log = (message) => process.stderr.write(`buildIfStale: ${message}\n`);

function writeStamps(stamps) {
  const file = join(root, STAMPS_FILE);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(stamps, null, 2)}\n`);
}

function runScript(script) {
  // Under npm, npm_execpath is npm's own CLI: the same npm builds, whatever PATH says.
  const npmCli = process.env.npm_execpath;
  const [command, args] = npmCli?.endsWith('.js') ? [process.execPath, [npmCli, 'run', script]] : ['npm', ['run', script]];
  return spawnSync(command, args, { cwd: root, stdio: 'inherit' });
}

let stamps = readStamps(root);
if (process.argv.includes('--record')) {
  for (const target of TARGETS) if (existsSync(join(root, target.output))) stamps[target.name] = stampOf(root, target);
  writeStamps(stamps);
} else {
  const stale = staleTargets(root, stamps);
  for (const { target, stamp, reason } of stale) {
    log(`building ${target.name} (${reason})`);
    const result = runScript(target.script);
    if (result.status !== 0) {
      log(`${target.script} failed`);
      process.exit(result.status ?? 1);
    }
    stamps = { ...stamps, [target.name]: stamp };
    writeStamps(stamps);
  }
  const fresh = TARGETS.filter((t) => !stale.some((s) => s.target === t)).map((t) => t.name);
  if (fresh.length) log(`${fresh.join(', ')} up to date`);
}
