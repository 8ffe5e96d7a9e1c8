import { readFileSync } from 'node:fs';
import { Kind, parse, printSchema, printType, type ObjectTypeDefinitionNode, type StringValueNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema/buildSchema.js';
import { buildSubgraphSchema, printSubgraphSdl } from '../../src/schema/buildSubgraphSchema.js';
import { ejentoSource } from '../../src/sources/ejento/index.js';
import { SOURCES } from '../../src/sources/registry.js';

const FEDERATION_TYPES = ['_Any', '_Entity', '_Service', 'federation__FieldSet', 'link__Import', 'link__Purpose'];

/** The `@key` field sets of each object type in an SDL. */
function keysIn(sdl: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const def of parse(sdl).definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const keys = (def as ObjectTypeDefinitionNode).directives?.filter((d) => d.name.value === 'key') ?? [];
    if (keys.length) out[def.name.value] = keys.map((k) => (k.arguments!.find((a) => a.name.value === 'fields')!.value as StringValueNode).value);
  }
  return out;
}

describe('the subgraph schema', () => {
  it('serves every client-facing type unchanged, plus only the federation fields and types', () => {
    const client = buildSchema();
    const served = buildSubgraphSchema();
    const clientTypes = Object.keys(client.getTypeMap());
    const extra = Object.keys(served.getTypeMap()).filter((t) => !clientTypes.includes(t));
    expect(extra.sort()).toEqual(FEDERATION_TYPES);
    for (const name of clientTypes.filter((t) => t !== 'Query')) expect(printType(served.getType(name)!)).toBe(printType(client.getType(name)!));
    const query = served.getQueryType()!.getFields();
    expect(Object.keys(query).filter((f) => !(f in client.getQueryType()!.getFields())).sort()).toEqual(['_entities', '_service']);
    const withoutFederation = printType(served.getQueryType()!).split('\n').filter((l) => !/^ {2}_(entities|service)\b/.test(l)).join('\n');
    expect(withoutFederation).toBe(printType(client.getQueryType()!));
    // OneOf inputs stay OneOf (the federation library does not know the directive by itself).
    expect((served.getType('EjentoWindow') as { isOneOf?: boolean }).isOneOf).toBe(true);
  });

  it('keeps federation directives out of the client-facing schema', () => {
    const sdl = printSchema(buildSchema());
    expect(sdl).not.toMatch(/@key|@link|@shareable|_entities|_service|_Any/);
  });

  it('links Federation 2 and keys the entities the sources declare', () => {
    const sdl = printSubgraphSdl();
    expect(sdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+", import: \["@key", "@shareable"\]\)/);
    expect(keysIn(sdl)).toEqual({ EjentoEntity: ['scope id'], EjentoCorpus: ['id'] });
    expect(sdl).toMatch(/type PageInfo\s+@shareable/);
  });

  it('matches the committed subgraph.graphql', () => {
    const committed = readFileSync(new URL('../../subgraph.graphql', import.meta.url), 'utf8');
    // A plain equality failure prints 1,400 lines: say what to do instead.
    if (committed !== printSubgraphSdl()) expect.fail('subgraph.graphql is stale: run npm run schema:subgraph and commit it.');
  });

  it('refuses an entity whose type no SDL defines, naming the source and the type', () => {
    const broken = { ...ejentoSource, entities: { ...ejentoSource.entities, EjentoPlanet: { keys: ['id'], resolveReference: () => ({}) } } };
    const sources = SOURCES.map((s) => (s.key === 'ejento' ? broken : s));
    expect(() => buildSubgraphSchema(sources)).toThrow('Source EJENTO declares the entity EjentoPlanet, but no SDL defines an object type EjentoPlanet.');
  });

  it('builds a subgraph without entities for sources that declare none', () => {
    const sources = SOURCES.filter((s) => s.key !== 'ejento');
    const fields = buildSubgraphSchema(sources).getQueryType()!.getFields();
    expect(fields._service).toBeDefined();
    expect(fields._entities).toBeUndefined();
  });
});
