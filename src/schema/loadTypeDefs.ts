import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding schema/*.graphql: found upward from this file (src/ or dist/src/). */
export function schemaDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'schema');
    if (existsSync(join(candidate, 'base.graphql'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('schema/base.graphql not found above ' + fileURLToPath(import.meta.url));
}

/** Every SDL file, base first, read once at start-up. */
export function loadTypeDefs(): string[] {
  const dir = schemaDir();
  const files = readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort((a, b) => (a === 'base.graphql' ? -1 : b === 'base.graphql' ? 1 : a.localeCompare(b)));
  return files.map((f) => readFileSync(join(dir, f), 'utf8'));
}
