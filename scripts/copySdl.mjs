// Copies every src/**/*.graphql beside its compiled module under dist/src (tsc copies only code).
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
let n = 0;
for (const file of walk(join(root, 'src')).filter((f) => f.endsWith('.graphql'))) {
  const target = join(root, 'dist', relative(root, file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
  n++;
}
if (n === 0) throw new Error('no SDL files under src/');
