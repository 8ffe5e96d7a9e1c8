import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GatewayContext } from '../../context.js';
import { isUnexpectedError } from '../formatError.js';

// One listener object for every request: the hook gets the request through its argument.
const listener: GraphQLRequestListener<GatewayContext> = {
  async didEncounterErrors({ errors, contextValue }) {
    for (const error of errors) {
      if (!isUnexpectedError(error, error.extensions?.code)) continue;
      contextValue.logger.error({ err: unwrapResolverError(error), path: error.path }, 'unexpected error in a resolver');
    }
  },
};

/**
 * Logs our bugs (errors formatError masks as INTERNAL_SERVER_ERROR) with the request's logger,
 * so the line carries the request id the caller saw in `x-request-id`.
 */
export function logUnexpectedErrors(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
