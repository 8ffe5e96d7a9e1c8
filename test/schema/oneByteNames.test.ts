import { serialize } from 'node:v8';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema/buildSchema.js';
import { buildSubgraphSchema } from '../../src/schema/buildSubgraphSchema.js';
import { parseSdl } from '../../src/schema/parseSdl.js';
import { SOURCES } from '../../src/sources/registry.js';

/** V8 keeps a string in one byte per character unless it came from a two-byte string (the serializer's tag says which). */
const oneByte = (s: string) => serialize(s)[2] === 0x22;

/** Every name the schema can put into an answer: type names (`__typename`), field names, enum values. */
function twoByteNames(schema: GraphQLSchema): string[] {
  const found: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    // Introspection's own types, and the federation library's (`link__Purpose`,
    // `federation__FieldSet`: directive arguments, never in an answer's data), are not ours.
    if (type.name.includes('__')) continue;
    if (!oneByte(type.name)) found.push(type.name);
    if (isEnumType(type)) for (const v of type.getValues()) if (!oneByte(v.name)) found.push(`${type.name}.${v.name}`);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const f of Object.values(type.getFields())) if (!oneByte(f.name)) found.push(`${type.name}.${f.name}`);
    }
  }
  return found;
}

// A source whose descriptions hold characters beyond Latin-1 (an ellipsis, an arrow): its SDL
// text is a two-byte string, and so is every name graphql-js slices out of it unless parseSdl
// copies the names.
const typographic = {
  ...SOURCES[0],
  typeDefs: `${SOURCES[0].typeDefs}
    "Buckets of a day → a week …"
    enum TypographicBucket { DAY WEEK }
    extend type Query { "≤ 7 days" typographicBuckets: [TypographicBucket!]! }
  `,
  rootFields: { ...SOURCES[0].rootFields, typographicBuckets: 'all' },
} as unknown as (typeof SOURCES)[number];
const withTypographic = [typographic, ...SOURCES.slice(1)];

// Why it matters: one two-byte enum value in an answer makes JSON.stringify write the rest of
// it two-byte: twice the memory, and a slower copy and encoding (workload 4 of the bench spent
// 10-16% more CPU per request for three such characters in call-stats' descriptions).
describe('names in the schema are one-byte strings', () => {
  it('in the client schema and the served subgraph schema, whose descriptions hold such characters', () => {
    expect(twoByteNames(buildSchema())).toEqual([]);
    expect(twoByteNames(buildSubgraphSchema())).toEqual([]);
    expect(buildSchema().getType('CallMetric')?.description ?? '').not.toBe('');
  });

  it('for a source of any SDL, while the descriptions keep their characters', () => {
    const schema = buildSchema(withTypographic);
    expect(twoByteNames(schema)).toEqual([]);
    expect(schema.getType('TypographicBucket')?.description).toBe('Buckets of a day → a week …');
    expect(twoByteNames(buildSubgraphSchema(withTypographic))).toEqual([]);
  });

  it('parseSdl copies names only when the text needs it, and the check tells the two apart', () => {
    const doc = parseSdl('"→" enum E { A }');
    const def = doc.definitions[0] as { name: { value: string } };
    expect(def.name.value).toBe('E');
    expect(oneByte(def.name.value)).toBe(true);
    expect(oneByte('LATENCY_MS … '.slice(0, 10))).toBe(false);
  });
});
