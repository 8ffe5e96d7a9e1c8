import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { ErrorCode } from '../../errors.js';
import { negotiateMediaType, type GraphqlMediaType } from '../negotiateMediaType.js';

/**
 * GraphQL request errors: the document does not parse, does not validate, its variables do not
 * coerce, the operation cannot be resolved, or it is over a limit. The request reached GraphQL
 * and was answered by it, unlike a malformed HTTP request (BAD_REQUEST), which stays 400.
 */
const REQUEST_ERROR_CODES: ReadonlySet<unknown> = new Set<string>([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  ErrorCode.QUERY_TOO_COMPLEX,
]);

/**
 * The HTTP status of a GraphQL request error (GraphQL over HTTP): 400 under
 * application/graphql-response+json, whose clients read the status; 200 under
 * application/json, whose clients read `errors` and may treat any non-2xx as a transport
 * failure.
 */
export function requestErrorStatus(mediaType: GraphqlMediaType): 200 | 400 {
  return mediaType === 'application/graphql-response+json' ? 400 : 200;
}

const listener: GraphQLRequestListener<never> = {
  async willSendResponse({ request, response, errors }) {
    // Apollo answers every request error with 400; only the application/json case changes.
    if (response.http.status !== 400 || !errors?.length) return;
    const mediaType = negotiateMediaType(request.http?.headers.get('accept'));
    if (mediaType !== 'application/json') return;
    if (errors.every((e) => REQUEST_ERROR_CODES.has(e.extensions?.code))) response.http.status = requestErrorStatus(mediaType);
  },
};

/** Sets the status of GraphQL request errors by the negotiated media type (see requestErrorStatus). */
export function requestErrorStatusPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return listener as GraphQLRequestListener<T>;
    },
  };
}
