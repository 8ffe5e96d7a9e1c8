import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode, GatewayError, PROTOCOL_ERROR_CODES, isGatewayCode } from '../errors.js';
import { apolloErrorCode } from './apolloErrorCode.js';

/** Our own error inside what graphql-js or Apollo wrapped around it, if it is one. */
function gatewayErrorIn(error: unknown): GatewayError | undefined {
  const original = unwrapResolverError(error);
  const inner = (error as { originalError?: unknown })?.originalError;
  return original instanceof GatewayError ? original : inner instanceof GatewayError ? inner : undefined;
}

/**
 * True for an error that is our bug: not one of ours, not a graphql-js/Apollo protocol error.
 * formatError masks these; the logUnexpectedErrors plugin logs them with the request's id.
 */
export function isUnexpectedError(error: unknown, code: unknown): boolean {
  if (gatewayErrorIn(error) || apolloErrorCode(error)) return false;
  return !(typeof code === 'string' && (PROTOCOL_ERROR_CODES.has(code) || (isGatewayCode(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR)));
}

/**
 * Apollo's formatError: our own errors pass with their code; graphql-js/Apollo protocol errors
 * keep theirs; everything else is our bug and is masked as INTERNAL_SERVER_ERROR (details go
 * to the log only, see logUnexpectedErrors). Stack traces only in development.
 */
export function createFormatError(development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const ours = gatewayErrorIn(error);
    const apollo = apolloErrorCode(error);
    const code = apollo ?? formatted.extensions?.code;
    if (apollo) formatted = { ...formatted, extensions: { ...formatted.extensions, code: apollo } };
    if (ours) {
      // A scalar's BAD_USER_INPUT inside a document literal arrives wrapped as a validation
      // error; the caller's mistake keeps its own code.
      const extensions: Record<string, unknown> = { ...formatted.extensions, ...ours.extensions, code: ours.code };
      // `http` sets the answer's status (Apollo reads it off the error); it is not for the caller.
      delete extensions.http;
      if (!development) delete extensions.stacktrace;
      return { ...formatted, extensions };
    }
    if (!isUnexpectedError(error, code)) {
      if (development) return formatted;
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
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
