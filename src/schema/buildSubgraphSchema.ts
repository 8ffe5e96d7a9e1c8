import { buildSubgraphSchema as buildFederatedSchema } from '@apollo/subgraph';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphqlSync, Kind, parse, printSchema, type ConstDirectiveNode, type DefinitionNode, type DocumentNode, type GraphQLSchema } from 'graphql';
import { badUserInput } from '../errors.js';
import type { AnySourceDefinition, EntityDefinition } from '../sources/SourceDefinition.js';
import { SOURCES } from '../sources/registry.js';
import { buildSchema, schemaResolvers } from './buildSchema.js';
import { parseSdl } from './parseSdl.js';

/**
 * The Federation version the subgraph links. 2.3 is the oldest that every current router
 * (Apollo Router, Hive, Cosmo, @apollo/gateway) composes, and it has all this schema uses.
 */
export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.3';

/** Value types that other subgraphs define identically (Relay's), so they may resolve them too. */
const SHAREABLE_TYPES: readonly string[] = ['PageInfo'];

// The federation library predates the built-in `@oneOf` of graphql 16.9 and refuses it as
// unknown; declared here, graphql-js still builds the inputs as OneOf inputs.
const FEDERATION_HEADER = `
extend schema @link(url: "${FEDERATION_SPEC_URL}", import: ["@key", "@shareable"])
directive @oneOf on INPUT_OBJECT
`;

/**
 * The schema the gateway serves: the client-facing schema of `buildSchema` (same SDL, same
 * resolvers) as a Federation 2 subgraph, built with `@apollo/subgraph`. It adds `_service`,
 * `_entities` and the federation types, `@key` on every source's entity types and `@shareable`
 * on shared value types; the sources' own SDL stays plain, so `schema.graphql` (printed from
 * `buildSchema`) carries no federation directive.
 */
export function buildSubgraphSchema(sources: readonly AnySourceDefinition[] = SOURCES): GraphQLSchema {
  const entities = entitiesOf(sources);
  // The client schema's own SDL, merged (one definition per type): the federation library
  // would drop the descriptions of enum values added by `extend enum`.
  const document = annotate(parseSdl(printSchema(buildSchema(sources))), entities);
  for (const [type, { owner }] of entities) {
    if (!document.definitions.some((def) => isObjectDefinition(def, type))) {
      throw new Error(`Source ${owner.name} declares the entity ${type}, but no SDL defines an object type ${type}.`);
    }
  }
  const federated = buildFederatedSchema([{ typeDefs: parse(FEDERATION_HEADER) }, { typeDefs: document }]);
  // The client schema's resolver attachment (graphql-tools), so both schemas resolve alike.
  const schema = makeExecutableSchema({ typeDefs: federated, resolvers: schemaResolvers(sources) as never });
  for (const [type, { entity }] of entities) setResolveReference(schema, type, entity);
  answerEntitiesPerIndex(schema, new Set(entities.keys()));
  return schema;
}

/** The SDL the subgraph serves at `_service { sdl }` (what `subgraph.graphql` holds). */
export function printSubgraphSdl(sources: readonly AnySourceDefinition[] = SOURCES): string {
  const result = graphqlSync({ schema: buildSubgraphSchema(sources), source: '{ _service { sdl } }' });
  const sdl = (result.data?._service as { sdl?: unknown } | undefined)?.sdl;
  if (typeof sdl !== 'string') throw new Error(`The subgraph schema did not print: ${result.errors?.map((e) => e.message).join('; ')}`);
  return sdl.endsWith('\n') ? sdl : `${sdl}\n`;
}

interface OwnedEntity {
  readonly owner: AnySourceDefinition;
  readonly entity: EntityDefinition;
}

function entitiesOf(sources: readonly AnySourceDefinition[]): Map<string, OwnedEntity> {
  const map = new Map<string, OwnedEntity>();
  for (const owner of sources) {
    for (const [type, entity] of Object.entries(owner.entities ?? {})) {
      const other = map.get(type);
      if (other) throw new Error(`Sources ${other.owner.name} and ${owner.name} both declare the entity ${type}.`);
      if (entity.keys.length === 0) throw new Error(`Source ${owner.name} declares the entity ${type} without a key.`);
      map.set(type, { owner, entity });
    }
  }
  return map;
}

function isObjectDefinition(def: DefinitionNode, name: string): boolean {
  return def.kind === Kind.OBJECT_TYPE_DEFINITION && def.name.value === name;
}

const directive = (name: string, fields?: string): ConstDirectiveNode => ({
  kind: Kind.DIRECTIVE,
  name: { kind: Kind.NAME, value: name },
  arguments: fields === undefined ? [] : [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'fields' }, value: { kind: Kind.STRING, value: fields } }],
});

/** Adds `@key` to entity definitions and `@shareable` to shared value types. */
function annotate(document: DocumentNode, entities: ReadonlyMap<string, OwnedEntity>): DocumentNode {
  return {
    ...document,
    definitions: document.definitions.map((def) => {
      if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) return def;
      const added = [
        ...(entities.get(def.name.value)?.entity.keys ?? []).map((fields) => directive('key', fields)),
        ...(SHAREABLE_TYPES.includes(def.name.value) ? [directive('shareable')] : []),
      ];
      return added.length ? { ...def, directives: [...(def.directives ?? []), ...added] } : def;
    }),
  };
}

/**
 * Installs a type's reference resolver where `@apollo/subgraph`'s `_entities` looks for it.
 * `_entities` maps the representations synchronously, so one that throws would fail the whole
 * list: a throw becomes a rejected promise instead, which fails only its own index.
 */
function setResolveReference(schema: GraphQLSchema, typeName: string, entity: EntityDefinition): void {
  const type = schema.getType(typeName)!;
  const resolveReference = (representation: Readonly<Record<string, unknown>>, context: unknown) => {
    try {
      return entity.resolveReference(representation, context);
    } catch (err) {
      return Promise.reject(err);
    }
  };
  const extensions = type.extensions as { apollo?: { subgraph?: Record<string, unknown> } };
  (type as { extensions: unknown }).extensions = {
    ...extensions,
    apollo: { ...extensions.apollo, subgraph: { ...extensions.apollo?.subgraph, resolveReference } },
  };
}

/**
 * Keeps every answer of `_entities` at its representation's index, whatever fails:
 * - `@apollo/subgraph` throws for a representation that is not an object or names a type the
 *   schema lacks, which would fail the whole list as an internal error: such a representation
 *   is the caller's mistake and gets BAD_USER_INPUT at its own index instead;
 * - graphql-jit (0.8) writes an item that resolves at its index but appends an item that
 *   rejects, so items settling out of order lose trailing nulls and the list comes back short
 *   (a router then misplaces entities): the items settle in index order.
 */
function answerEntitiesPerIndex(schema: GraphQLSchema, entityTypes: ReadonlySet<string>): void {
  const field = schema.getQueryType()?.getFields()._entities;
  const resolve = field?.resolve;
  if (!field || !resolve) return;
  const typeOf = (r: unknown) => (r !== null && typeof r === 'object' ? (r as { __typename?: unknown }).__typename : undefined);
  field.resolve = (root, args: { representations: readonly unknown[] }, ctx, info) => {
    const known = args.representations.map((r) => entityTypes.has(typeOf(r) as string));
    const passed = known.every(Boolean) ? args : { ...args, representations: args.representations.filter((_r, i) => known[i]) };
    const resolved = resolve(root, passed, ctx, info) as unknown[];
    let next = 0;
    const items = args.representations.map((r, i) => {
      if (known[i]) return resolved[next++];
      const type = typeOf(r);
      const what = type === undefined ? 'has no `__typename`' : `names ${JSON.stringify(String(type).slice(0, 40))}`;
      return Promise.reject(badUserInput(`The representation ${what}, which is not an entity of this subgraph (entities: ${[...entityTypes].join(', ')}).`));
    });
    return inIndexOrder(items);
  };
}

/** The items, each settling only after the one before it (with the same outcome as before). */
function inIndexOrder(items: readonly unknown[]): unknown[] {
  let previous: Promise<unknown> = Promise.resolve();
  return items.map((item) => {
    // Handled now: a rejection waiting for its turn is not an unhandled one.
    if (item instanceof Promise) item.catch(() => undefined);
    const settled = previous.then(() => item);
    previous = settled.catch(() => undefined);
    return settled;
  });
}
