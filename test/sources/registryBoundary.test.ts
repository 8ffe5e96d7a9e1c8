import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../src/sources/registry.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));

/** The ways a backend is spelled in code and prose: `callCounts`, `CallCounts`, `CALL_COUNTS`, `call-counts`. */
function spellings(key: string, name: string): string[] {
  const kebab = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return [...new Set([key, key[0]!.toUpperCase() + key.slice(1), name, kebab])];
}

describe('the source registry boundary', () => {
  it('names each backend only in its own folder, the simulators, generated code and the registry', () => {
    const files = walk(SRC).map((f) => relative(SRC, f).split(sep).join('/'));
    const offenders: string[] = [];
    for (const { key, name } of SOURCES) {
      const own = (f: string) => f.startsWith(`sources/${key}/`) || f.startsWith('simulators/') || f.startsWith('generated/') || f === 'sources/registry.ts';
      for (const file of files.filter((f) => !own(f))) {
        const text = readFileSync(join(SRC, file), 'utf8');
        for (const word of spellings(key, name)) if (text.includes(word)) offenders.push(`${file} names ${word}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps one folder per backend, each with its definition', () => {
    const folders = readdirSync(join(SRC, 'sources'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.sort()).toEqual(SOURCES.map((s) => s.key).sort());
    for (const key of folders) expect(readdirSync(join(SRC, 'sources', key))).toEqual(expect.arrayContaining(['index.ts', 'schema.graphql', 'resolvers.ts', 'settings.ts']));
  });
});
