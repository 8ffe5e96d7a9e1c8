import { makeExecutableSchema, type IExecutableSchemaDefinition } from '@graphql-tools/schema';
import { Kind, parse, type GraphQLSchema } from 'graphql';
import { assertCostInputDeclared } from '../costReport/assertCostInputDeclared.js';
import { createCostReportResolvers } from '../costReport/createCostReportResolvers.js';
import type { AnySourceDefinition } from '../sources/SourceDefinition.js';
import { SOURCES } from '../sources/registry.js';
import { baseResolvers } from './baseResolvers.js';
import { parseSdl } from './parseSdl.js';
import { readSdl } from './readSdl.js';

/** The merge option makeExecutableSchema passes on to graphql-tools' mergeTypeDefs. */
interface MergeOptions {
  consistentEnumMerge: boolean;
}

const BASE_TYPE_DEFS = readSdl(import.meta.url, 'base.graphql');

/**
 * The executable schema: the shared types (`base.graphql`: scalars, `enum Source` without
 * values, `TimeRange`, `Money`, paging, `gateway`, `costReport`), then each source's SDL and
 * resolvers in registry order.
 */
export function buildSchema(sources: readonly AnySourceDefinition[] = SOURCES): GraphQLSchema {
  for (const source of sources) {
    assertRootFieldsDeclared(source);
    assertCostInputDeclared(source);
  }
  const options: IExecutableSchemaDefinition & MergeOptions = {
    typeDefs: [BASE_TYPE_DEFS, ...sources.map((s) => s.typeDefs)].map(parseSdl),
    resolvers: schemaResolvers(sources) as never,
    // Each source adds its `Source` value with `extend enum Source`: keep them in registry order.
    consistentEnumMerge: true,
  };
  return makeExecutableSchema(options);
}

/** Every resolver map of the schema: the gateway's own fields, the cost report, then each source's. */
export function schemaResolvers(sources: readonly AnySourceDefinition[]): ReadonlyArray<Readonly<Record<string, unknown>>> {
  return [baseResolvers, createCostReportResolvers(sources), ...sources.map((s) => s.resolvers)];
}

/**
 * A source's SDL and its `rootFields` must name the same Query fields: a field missing from
 * `rootFields` would escape the source's scope and policy checks.
 */
export function assertRootFieldsDeclared(source: AnySourceDefinition): void {
  const inSdl = new Set<string>();
  for (const def of parse(source.typeDefs).definitions) {
    if ((def.kind === Kind.OBJECT_TYPE_EXTENSION || def.kind === Kind.OBJECT_TYPE_DEFINITION) && def.name.value === 'Query') {
      for (const f of def.fields ?? []) inSdl.add(f.name.value);
    }
  }
  const declared = new Set(Object.keys(source.rootFields));
  const undeclared = [...inSdl].filter((f) => !declared.has(f));
  const absent = [...declared].filter((f) => !inSdl.has(f));
  if (undeclared.length || absent.length) {
    throw new Error(
      `Source ${source.name}: its SDL's Query fields and its rootFields differ` +
        (undeclared.length ? `; add to rootFields: ${undeclared.join(', ')}` : '') +
        (absent.length ? `; not in its SDL: ${absent.join(', ')}` : '') +
        '.',
    );
  }
}
