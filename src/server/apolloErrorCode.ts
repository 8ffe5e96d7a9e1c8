import { ErrorCode } from '../errors.js';

/**
 * Apollo Server raises two persisted-query mistakes of the client without an
 * `extensions.code` (so they would read as our bug, INTERNAL_SERVER_ERROR): the code each
 * deserves, by Apollo's exact message. Undefined for every other error.
 */
const CODELESS_APOLLO_ERRORS: ReadonlyMap<string, string> = new Map([
  // The sent query's SHA-256 is not the `extensions.persistedQuery.sha256Hash` sent with it.
  ['provided sha does not match query', 'BAD_REQUEST'],
  // `extensions.persistedQuery.version` is not 1.
  ['Unsupported persisted query version', ErrorCode.PERSISTED_QUERY_VERSION_NOT_SUPPORTED],
]);

export function apolloErrorCode(error: unknown): string | undefined {
  const e = error as { message?: unknown; extensions?: { code?: unknown }; path?: unknown } | null;
  if (!e || typeof e.message !== 'string' || e.extensions?.code !== undefined || e.path !== undefined) return undefined;
  return CODELESS_APOLLO_ERRORS.get(e.message);
}
