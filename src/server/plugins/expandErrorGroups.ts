import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import { ErrorGroup } from '../../lib/errorGroup.js';

function groupIn(error: GraphQLError): ErrorGroup | undefined {
  const original = unwrapResolverError(error);
  const inner = error.originalError;
  return original instanceof ErrorGroup ? original : inner instanceof ErrorGroup ? inner : undefined;
}

/** Each part of a group as an error at the group's path and locations. */
function located(wrapper: GraphQLError, part: Error): GraphQLError {
  const error = new GraphQLError(part.message, {
    nodes: wrapper.nodes,
    source: wrapper.source,
    positions: wrapper.positions,
    path: wrapper.path,
    originalError: part,
  });
  // graphql-jit's errors carry locations without nodes.
  if (error.locations === undefined && wrapper.locations !== undefined) (error as { locations?: unknown }).locations = wrapper.locations;
  return error;
}

const listener: GraphQLRequestListener<never> = {
  async didEncounterErrors(requestContext) {
    // Apollo formats this same array right after this hook: the parts replace their group in place.
    const errors = requestContext.errors as GraphQLError[];
    for (let i = errors.length - 1; i >= 0; i--) {
      const wrapper = errors[i]!;
      const group = groupIn(wrapper);
      if (group) errors.splice(i, 1, ...group.errors.map((part) => located(wrapper, part)));
    }
  },
};

/**
 * Answers an `ErrorGroup` thrown by a resolver as its parts, each an error of its own at the
 * field's path (the cost report's one error per failed source). Listed before the plugins that
 * read errors, so they see the parts.
 */
export function expandErrorGroups<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return listener as GraphQLRequestListener<T>;
    },
  };
}
