import { GraphQLError } from 'graphql';

/**
 * Every `extensions.code` the gateway emits is born here. Nothing else may invent a code;
 * anything that reaches `formatError` without one of these is masked as INTERNAL_SERVER_ERROR.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  RATE_LIMITED: 'RATE_LIMITED',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  SOURCE_NOT_CONFIGURED: 'SOURCE_NOT_CONFIGURED',
  UPSTREAM_REJECTED: 'UPSTREAM_REJECTED',
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  UPSTREAM_BAD_RESPONSE: 'UPSTREAM_BAD_RESPONSE',
  /** An automatic persisted query with `extensions.persistedQuery.version` other than 1 (Apollo has no code for it). */
  PERSISTED_QUERY_VERSION_NOT_SUPPORTED: 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** TRUSTED_DOCUMENTS_ONLY: the document is not in the trusted-documents manifest. */
  PERSISTED_QUERY_NOT_IN_LIST: 'PERSISTED_QUERY_NOT_IN_LIST',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Codes that graphql-js/Apollo produce for documents that never reach a resolver. They are
 * passed through unchanged (clients already know them).
 */
export const PROTOCOL_ERROR_CODES: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The upstream a failure came from: a value of the public `Source` enum. A plain string here,
 * because sources are registered at run time (the registry derives the built-in union).
 */
export type SourceName = string;

export interface GatewayErrorExtensions {
  source?: SourceName;
  upstreamStatus?: number;
  /** Whole seconds; only with RATE_LIMITED. */
  retryAfter?: number;
  [key: string]: unknown;
}

/** An error whose code and message are safe to show to callers as they are. */
export class GatewayError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, extensions: GatewayErrorExtensions = {}) {
    super(message, { extensions: { code, ...extensions } });
    this.code = code;
    this.name = 'GatewayError';
  }
}

/**
 * A failed upstream call. `detail` keeps the parsed upstream error body for the source's own
 * classification (e.g. an `error_code` field); it is non-enumerable and never serialized.
 */
export class UpstreamError extends GatewayError {
  declare readonly detail: unknown;

  constructor(
    code: ErrorCode,
    source: SourceName,
    message: string,
    extra: { upstreamStatus?: number; retryAfter?: number; detail?: unknown } = {},
  ) {
    const extensions: GatewayErrorExtensions = { source };
    if (extra.upstreamStatus !== undefined) extensions.upstreamStatus = extra.upstreamStatus;
    if (extra.retryAfter !== undefined) extensions.retryAfter = extra.retryAfter;
    super(code, message, extensions);
    this.name = 'UpstreamError';
    Object.defineProperty(this, 'detail', { value: extra.detail, enumerable: false });
  }

  get sourceName(): SourceName {
    return this.extensions.source as SourceName;
  }
  get upstreamStatus(): number | undefined {
    return this.extensions.upstreamStatus as number | undefined;
  }
}

/** The caller's arguments are invalid. */
export function badUserInput(message: string, extensions: GatewayErrorExtensions = {}): GatewayError {
  return new GatewayError(ErrorCode.BAD_USER_INPUT, message, extensions);
}

/** Live mode, and the field's backend has no configuration. */
export function sourceNotConfigured(source: SourceName, envVar: string): GatewayError {
  return new GatewayError(
    ErrorCode.SOURCE_NOT_CONFIGURED,
    `The ${source} source is not configured on this gateway (set ${envVar}).`,
    { source },
  );
}

/** The upstream answered 2xx with a body outside its contract; `what` says what was wrong (our words). */
export function upstreamContractError(source: SourceName, what: string): UpstreamError {
  return new UpstreamError(ErrorCode.UPSTREAM_BAD_RESPONSE, source, `${source} answered outside its contract: ${what}.`);
}

const KNOWN_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** Whether `code` is one of ours. */
export function isGatewayCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && KNOWN_CODES.has(code);
}
