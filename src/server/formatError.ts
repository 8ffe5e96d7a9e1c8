import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode, GatewayError, PROTOCOL_ERROR_CODES, isGatewayCode } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * Apollo's formatError: our own errors pass with their code; graphql-js/Apollo protocol errors
 * keep theirs; everything else is our bug and is masked as INTERNAL_SERVER_ERROR (details go
 * to the log only). Stack traces only in development.
 */
export function createFormatError(logger: Logger, development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const inner = (error as { originalError?: unknown })?.originalError;
    const ours = original instanceof GatewayError ? original : inner instanceof GatewayError ? inner : undefined;
    const code = formatted.extensions?.code;
    if (ours) {
      // A scalar's BAD_USER_INPUT inside a document literal arrives wrapped as a validation
      // error; the caller's mistake keeps its own code.
      const extensions: Record<string, unknown> = { ...formatted.extensions, ...ours.extensions, code: ours.code };
      if (!development) delete extensions.stacktrace;
      return { ...formatted, extensions };
    }
    if (typeof code === 'string' && (PROTOCOL_ERROR_CODES.has(code) || (isGatewayCode(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR))) {
      if (development) return formatted;
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error in a resolver');
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: development
        ? { code: ErrorCode.INTERNAL_SERVER_ERROR, stacktrace: formatted.extensions?.stacktrace }
        : { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
