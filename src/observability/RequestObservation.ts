import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import type { GatewayMetrics } from './createMetrics.js';
import type { RequestTrace } from './RequestTrace.js';

/**
 * What one request's upstream layer counts for its access line. The HTTP layer increments
 * `upstreamCalls` once per HTTP request it sends for the request (retries and logins
 * included); the upstream cache increments `cacheHits` once per call it answers itself.
 */
export interface RequestTally {
  upstreamCalls: number;
  cacheHits: number;
}

/** How one request ended, as the access line and the metrics see it. */
export type RequestStatus = 'ok' | 'error';

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * One GraphQL request from arrival to its last byte: its operation, the codes of the errors
 * in its response, its tally, and its trace (tracing on). `finish` records the request once:
 * the request metrics, the access line and the end of the SERVER span.
 */
export class RequestObservation implements RequestTally {
  upstreamCalls = 0;
  cacheHits = 0;
  private readonly started = performance.now();
  private operationName: string | null = null;
  private operationType: string | null = null;
  private codes: string[] = [];
  /** Whether Apollo's plugin hooks saw the response (they do not for HTTP-level refusals). */
  private answered = false;
  private finished = false;
  /** The client went away before its request was read: one debug line says so, no access line. */
  private clientAborted = false;

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
    private readonly accessLog: boolean,
    readonly trace: RequestTrace | null,
  ) {}

  /** The operation the document names (or the name the caller claimed when it does not parse). */
  operation(name: string | null | undefined, type: string | null | undefined): void {
    this.operationName = name && NAME.test(name) ? name : null;
    this.operationType = type ?? null;
    this.trace?.operation(this.operationName, this.operationType);
  }

  /** The errors of the response Apollo sends (formatted: their codes are the caller's). */
  responded(errors: readonly GraphQLFormattedError[] | undefined): void {
    this.answered = true;
    if (errors) for (const e of errors) this.codes.push(codeOf(e));
  }

  /** The gateway answered the request itself with this error (401, 429, 413, the token limit). */
  refused(code: string): void {
    this.answered = true;
    this.codes.push(code);
    if (code === ErrorCode.RATE_LIMITED) this.metrics.rateLimited();
  }

  /** The client closed the connection before its request was read (counted as a BAD_REQUEST). */
  aborted(): void {
    this.clientAborted = true;
    this.refused('BAD_REQUEST');
  }

  /**
   * Records the request once its response is written. `body` is the response text Apollo
   * produced, read only when no plugin hook saw the response (Apollo's own HTTP-level 400s).
   */
  finish(httpStatus: number, body?: string): void {
    if (this.finished) return;
    this.finished = true;
    if (!this.answered && httpStatus >= 400) this.codes.push(...codesIn(body, httpStatus));
    const seconds = (performance.now() - this.started) / 1000;
    const status: RequestStatus = this.codes.length > 0 ? 'error' : 'ok';
    this.metrics.request(this.metrics.operationLabel(this.operationName), seconds, this.codes);
    this.trace?.end(httpStatus, this.codes);
    if (this.accessLog && !this.clientAborted) {
      this.logger.info(
        {
          operationName: this.operationName,
          operationType: this.operationType,
          durationMs: Math.round(seconds * 10_000) / 10,
          status,
          httpStatus,
          upstreamCalls: this.upstreamCalls,
          cacheHits: this.cacheHits,
          ...(status === 'error' ? { errorCodes: [...new Set(this.codes)] } : {}),
        },
        'graphql request',
      );
    }
  }
}

function codeOf(error: GraphQLFormattedError): string {
  const code = error.extensions?.code;
  return typeof code === 'string' ? code : ErrorCode.INTERNAL_SERVER_ERROR;
}

/** The codes of a `{"errors":[…]}` body; a 4xx/5xx without any still counts as one error. */
function codesIn(body: string | undefined, httpStatus: number): string[] {
  try {
    const errors = (JSON.parse(body ?? '') as { errors?: GraphQLFormattedError[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) return errors.map(codeOf);
  } catch {
    // Not JSON: fall through.
  }
  return [httpStatus >= 500 ? ErrorCode.INTERNAL_SERVER_ERROR : 'BAD_REQUEST'];
}
