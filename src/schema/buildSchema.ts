import { makeExecutableSchema, type IExecutableSchemaDefinition } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { AnySourceDefinition } from '../sources/SourceDefinition.js';
import { SOURCES } from '../sources/registry.js';
import { baseResolvers } from './baseResolvers.js';
import { readSdl } from './readSdl.js';

/** The merge option makeExecutableSchema passes on to graphql-tools' mergeTypeDefs. */
interface MergeOptions {
  consistentEnumMerge: boolean;
}

const BASE_TYPE_DEFS = readSdl(import.meta.url, 'base.graphql');

/**
 * The executable schema: the shared types (`base.graphql`: scalars, `enum Source` without
 * values, `TimeRange`, `Money`, paging, `gateway`), then each source's SDL and resolvers in
 * registry order.
 */
export function buildSchema(sources: readonly AnySourceDefinition[] = SOURCES): GraphQLSchema {
  const options: IExecutableSchemaDefinition & MergeOptions = {
    typeDefs: [BASE_TYPE_DEFS, ...sources.map((s) => s.typeDefs)],
    resolvers: [baseResolvers, ...sources.map((s) => s.resolvers)] as never,
    // Each source adds its `Source` value with `extend enum Source`: keep them in registry order.
    consistentEnumMerge: true,
  };
  return makeExecutableSchema(options);
}
