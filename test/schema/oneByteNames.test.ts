import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema/buildSchema.js';
import { buildSubgraphSchema } from '../../src/schema/buildSubgraphSchema.js';

/** V8 keeps a string in one byte per character unless it came from a two-byte string (the serializer's tag says which). */
const oneByte = (s: string) => serialize(s)[2] === 0x22;

/** Every name the schema can put into an answer: type names (`__typename`), field names, enum values. */
function twoByteNames(schema: GraphQLSchema): string[] {
  const found: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (!oneByte(type.name)) found.push(type.name);
    if (isEnumType(type)) for (const v of type.getValues()) if (!oneByte(v.name)) found.push(`${type.name}.${v.name}`);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const f of Object.values(type.getFields())) if (!oneByte(f.name)) found.push(`${type.name}.${f.name}`);
    }
  }
  return found;
}

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const sdlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sdlFiles(join(dir, e.name)) : e.name.endsWith('.graphql') ? [join(dir, e.name)] : []));

// Why it matters: graphql-js slices names out of the SDL text, and V8 keeps a slice of a
// two-byte string two-byte. One such enum value in an answer makes JSON.stringify write the
// whole rest of it two-byte: twice the memory, and a slower copy and encoding (workload 4 of the
// bench spent 10-16% more CPU per request for three characters in a description).
describe('names in the schema are one-byte strings', () => {
  it('every SDL file is Latin-1 (a single character beyond it makes every name read from the file two-byte)', () => {
    const offending = sdlFiles(SRC)
      .map((f) => ({ file: f.slice(SRC.length + 1), chars: [...new Set([...readFileSync(f, 'utf8')].filter((c) => c.codePointAt(0)! > 0xff))] }))
      .filter((x) => x.chars.length > 0);
    expect(offending, 'write these characters in ASCII (... for an ellipsis, -> for an arrow, <= for ≤)').toEqual([]);
  });

  it('in the client schema and the served subgraph schema', () => {
    expect(twoByteNames(buildSchema())).toEqual([]);
    expect(twoByteNames(buildSubgraphSchema())).toEqual([]);
  });

  it('the check itself tells the two apart', () => {
    const twoByteSource = 'LATENCY_MS … ';
    expect(oneByte('LATENCY_MS')).toBe(true);
    expect(oneByte(twoByteSource.slice(0, 10))).toBe(false);
  });
});
