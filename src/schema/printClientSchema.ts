import { printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from './buildSchema.js';

const HEADER = `# The analytics gateway's GraphQL schema, as callers see it (descriptions included).
# Generated from the executable schema by \`npm run schema:print\`: do not edit. Callers generate
# typed clients from this file (see examples/client/).
`;

/** The committed `schema.graphql`: the client-facing schema in SDL, with a short header. */
export function printClientSchema(schema: GraphQLSchema = buildSchema()): string {
  return `${HEADER}\n${printSchema(schema)}\n`;
}
