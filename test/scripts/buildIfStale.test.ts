import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeStamps, inputFiles, staleTargets, TARGETS, type Stamps } from '../../scripts/buildStamps.mjs';

/** A tiny project tree with every input and output of the real TARGETS table. */
const TREE: Record<string, string> = {
  'src/index.ts': 'export {};\n',
  'src/server/a.ts': 'export const a = 1;\n',
  'src/schema/base.graphql': 'type Query { a: Int }\n',
  'scripts/copySdl.mjs': '// copies\n',
  'tsconfig.json': '{}\n',
  'tsconfig.build.json': '{}\n',
  'package-lock.json': '{"lockfileVersion": 3}\n',
  'package.json': '{}\n',
  'README.md': '# readme\n',
  'graphiql/index.html': '<html></html>\n',
  'graphiql/src/fetcher.ts': 'export {};\n',
  'dist/src/index.js': 'export {};\n',
  'dist/graphiql/index.html': '<html>built</html>\n',
  'dashboard/index.html': '<html></html>\n',
  'dist/dashboard/index.html': '<html>built</html>\n',
};

const stale = (root: string, stamps: Stamps) => staleTargets(root, stamps).map((s) => s.target.name);

describe('the build stamps (npm start rebuilds only what changed)', () => {
  let root: string;
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'build-stamps-'));
    for (const [path, content] of Object.entries(TREE)) write(path, content);
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('finds nothing stale in an unchanged tree, even when every file was rewritten (new mtimes)', () => {
    const stamps = computeStamps(root);
    expect(stale(root, stamps)).toEqual([]);
    for (const [path, content] of Object.entries(TREE)) write(path, content);
    expect(stale(root, stamps)).toEqual([]);
  });

  it('finds only the server stale when a src file, a schema file or a tsconfig changes', () => {
    const stamps = computeStamps(root);
    for (const [path, content] of [['src/server/a.ts', 'export const a = 2;\n'], ['src/schema/base.graphql', 'type Query { b: Int }\n'], ['tsconfig.build.json', '{"x":1}\n']]) {
      write(path!, content!);
      expect(stale(root, stamps), path).toEqual(['server']);
      write(path!, TREE[path!]!);
    }
    write('src/server/new.ts', 'export {};\n');
    expect(stale(root, stamps)).toEqual(['server']);
  });

  it('finds only graphiql stale when a graphiql file changes', () => {
    const stamps = computeStamps(root);
    write('graphiql/src/fetcher.ts', 'export const changed = true;\n');
    expect(stale(root, stamps)).toEqual(['graphiql']);
  });

  it('finds every target stale when package-lock.json changes, and none for files outside the inputs', () => {
    const stamps = computeStamps(root);
    write('README.md', '# changed\n');
    write('package.json', '{"name":"x"}\n');
    expect(stale(root, stamps)).toEqual([]);
    write('package-lock.json', '{"lockfileVersion": 3, "packages": {}}\n');
    expect(stale(root, stamps)).toEqual(['server', 'graphiql', 'dashboard']);
  });

  it('finds a target stale when its output is missing or it has no stamp', () => {
    const stamps = computeStamps(root);
    rmSync(join(root, 'dist/graphiql/index.html'));
    expect(staleTargets(root, stamps).map((s) => [s.target.name, s.reason])).toEqual([['graphiql', 'dist/graphiql/index.html is missing']]);
    write('dist/graphiql/index.html', 'x');
    expect(stale(root, { graphiql: stamps.graphiql!, dashboard: stamps.dashboard! })).toEqual(['server']);
    expect(stale(root, {})).toEqual(['server', 'graphiql', 'dashboard']);
  });

  it('tells a moved file from an unchanged one (the path is part of the stamp)', () => {
    const stamps = computeStamps(root);
    rmSync(join(root, 'src/server/a.ts'));
    write('src/a.ts', TREE['src/server/a.ts']!);
    expect(stale(root, stamps)).toEqual(['server']);
  });

  it('lists the inputs of the real table: every tsconfig at the root, nothing under node_modules', () => {
    write('graphiql/node_modules/x/index.js', 'x');
    const server = TARGETS.find((t) => t.name === 'server')!;
    const graphiql = TARGETS.find((t) => t.name === 'graphiql')!;
    expect(inputFiles(root, server)).toEqual(['package-lock.json', 'scripts/copySdl.mjs', 'src/index.ts', 'src/schema/base.graphql', 'src/server/a.ts', 'tsconfig.build.json', 'tsconfig.json']);
    expect(inputFiles(root, graphiql)).toEqual(['graphiql/index.html', 'graphiql/src/fetcher.ts', 'package-lock.json']);
  });
});
