import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { getOperationAST } from 'graphql';
import type { GatewayContext } from '../../context.js';

/** What every request reports: its operation and the errors of its response. */
const plain: GraphQLRequestListener<GatewayContext> = {
  async willSendResponse({ contextValue, response, request, document, operation }) {
    const observation = contextValue.observation!;
    // Validation failures never resolve an operation: the document still names it.
    const op = operation ?? (document ? getOperationAST(document, request.operationName) : null);
    observation.operation(op ? (op.name?.value ?? null) : request.operationName, op?.operation);
    observation.responded(response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors);
  },
};

/** Traced requests also get graphql.parse, graphql.validate and graphql.execute spans. */
const traced: GraphQLRequestListener<GatewayContext> = {
  ...plain,
  async parsingDidStart({ contextValue }) {
    const span = contextValue.observation!.trace!.child('graphql.parse');
    return async (err) => {
      if (err) span.setAttribute('error.type', 'GRAPHQL_PARSE_FAILED');
      span.end();
    };
  },
  async validationDidStart({ contextValue }) {
    const span = contextValue.observation!.trace!.child('graphql.validate');
    return async (errs) => {
      if (errs && errs.length > 0) span.setAttribute('error.type', 'GRAPHQL_VALIDATION_FAILED');
      span.end();
    };
  },
  async executionDidStart({ contextValue }) {
    const trace = contextValue.observation!.trace!;
    trace.executionStarted();
    return {
      async executionDidEnd(err) {
        trace.executionEnded(err);
      },
    };
  },
};

/**
 * Feeds each request's observation (request metrics, access line, spans) from Apollo's hooks.
 * Requests without one (none reach Apollo that way from the HTTP server) are left alone.
 */
export function observeRequests(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const observation = contextValue.observation;
      if (!observation) return;
      return observation.trace ? traced : plain;
    },
  };
}
