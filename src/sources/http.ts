import { createHash } from 'node:crypto';
import { Pool, type Dispatcher } from 'undici';
import { ErrorCode, UpstreamError, type SourceName } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RequestScope } from './scope.js';
import { createCircuitBreaker, type CircuitBreaker } from '../resilience/circuitBreaker.js';
import { DEFAULT_RESILIENCE, type ResilienceConfig } from '../config/resilienceConfig.js';
import type { UpstreamClassifier } from './SourceDefinition.js';
import { createSemaphore } from '../resilience/semaphore.js';
import { createSingleFlight } from '../resilience/singleFlight.js';
import { answerHeaders } from '../cache/buildCacheKey.js';
import type { UpstreamCache } from '../cache/createUpstreamCache.js';

/**
 * The one place that talks to undici. Every backend gets one keep-alive Pool (or an injected
 * dispatcher), every call inherits the request's deadline, and every failure becomes an
 * UpstreamError with a stable code and `source`, whose message never contains the URL,
 * credentials or the upstream body. Classification happens here once: the backend's own
 * `classify` hook first, then the generic status mapping.
 */

export interface HttpSourceOptions {
  /** Which backend this is (its `Source` name); tags every error. */
  source: SourceName;
  /** The backend's reading of its non-2xx answers (default: the generic status mapping only). */
  classify?: UpstreamClassifier;
  /** Absolute base URL; relative request paths are appended to its path. */
  baseUrl: string;
  /** Injected dispatcher (tests, a shared agent); default: a Pool for the base URL's origin. */
  dispatcher?: Dispatcher;
  /** Keep-alive connections per origin (default 32). */
  connections?: number;
  /** TCP/TLS connect timeout in ms (default 3000). */
  connectTimeoutMs?: number;
  /** Largest response body accepted, bytes (default 32 MiB). */
  maxResponseBytes?: number;
  /** Retries of idempotent calls on 429/502/503/reset within the deadline (default UPSTREAM_MAX_RETRIES, 1). */
  maxRetries?: number;
  /** Consecutive failures that open the circuit, and how long it stays open (default BREAKER_*). */
  breaker?: { failures: number; openMs: number };
  /** Most in-flight calls to this backend (default UPSTREAM_CONCURRENCY). */
  concurrency?: number;
  /** The gateway's BREAKER_*, UPSTREAM_CONCURRENCY and UPSTREAM_MAX_RETRIES; the fields above win. */
  resilience?: ResilienceConfig;
  logger?: Logger;
  /** Sees every HTTP request sent and every shared one (metrics, spans, the request's tally). */
  observer?: UpstreamObserver;
  /** The upstream-response cache in front of everything else (default: none, CACHE=off). */
  cache?: UpstreamCache;
  /** Clock and sleep, injectable for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number>;

export interface UpstreamRequest {
  method: 'GET' | 'POST';
  /** Path relative to the base URL, segments already validated and encoded. */
  path: string;
  /**
   * The path's template, caller values as `{name}` (e.g. `api/ai-analytics/orgs/{org}/users/{userId}/`):
   * what spans show instead of the path. Default `{path}`.
   */
  template?: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** JSON body (POST). */
  body?: unknown;
  /** Absolute deadline, epoch ms: the request's REQUEST_TIMEOUT_MS. */
  deadline: number;
  /** The request this call serves: its logger, tally, trace, cache scope and abandon signal, and the caller's forwarded credentials. */
  scope?: Pick<RequestScope, 'logger' | 'forwarded' | 'tally' | 'trace' | 'cache'> & Partial<Pick<RequestScope, 'signal'>>;
  /** Safe to retry (GETs, read-only POSTs). Default: true for GET. */
  idempotent?: boolean;
  /** Status codes the caller handles itself: returned instead of thrown (e.g. 401 for a token refresh). */
  passStatuses?: readonly number[];
  /** What this call fetches, in our words (a classifier may name it in a message). */
  what?: string;
  /**
   * The credential identity for the cache key when the Authorization is a short-lived session
   * token (e.g. the configured user name); default: the call's headers.
   */
  cacheIdentity?: string;
}

/** Watches the upstream exchanges of one backend (the observability layer implements it). */
export interface UpstreamObserver {
  /** An HTTP request is being sent (each attempt): the exchange sends `headers` of the result. */
  sent(req: UpstreamRequest, headers: Record<string, string>, flightKey: string | undefined): UpstreamExchange;
  /** A call shares the exchange in flight under `flightKey` instead of sending its own. */
  joined(req: UpstreamRequest, flightKey: string): void;
  /** What the upstream cache did for a call (a hit or stale answer sends no request). */
  cached(req: UpstreamRequest, result: 'hit' | 'miss' | 'stale' | 'bypass'): void;
  /** The cache's backend failed an operation (the call goes upstream instead). */
  cacheBackendError(): void;
}

/** One HTTP request in flight. */
export interface UpstreamExchange {
  /** The headers to send (the given ones, plus trace context when tracing). */
  readonly headers: Record<string, string>;
  /** It ended: with the HTTP status of the answer, or with the transport error instead. */
  finished(status: number | undefined, error?: UpstreamError): void;
}

export interface UpstreamResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

export interface HttpSource {
  readonly source: SourceName;
  /** The circuit breaker's state (health, tests). */
  readonly circuit: CircuitBreaker['state'];
  request<T = unknown>(req: UpstreamRequest): Promise<UpstreamResponse<T>>;
  close(): Promise<void>;
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

// undici's errors, matched by their stable `code` (instanceof breaks across copies of undici).
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_ABORTED']);
const TOO_LARGE_CODE = 'UND_ERR_RES_EXCEEDED_MAX_SIZE';
const RESET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Characters the form encoding (URLSearchParams) writes as they are. */
const FORM_SAFE = /^[A-Za-z0-9*\-._]*$/;

/** One key or value as URLSearchParams writes it; ids and dates skip its per-pair machinery. */
const formEncode = (s: string) => (FORM_SAFE.test(s) ? s : new URLSearchParams([['', s]]).toString().slice(1));

/** Builds the query string: arrays repeat the key (`id=1&id=2`), null/undefined are omitted. */
export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  // The same bytes as URLSearchParams' toString, built directly: its per-pair work was ~2.5% of
  // a 50-id list request's CPU, for values that are almost always already safe.
  let s = '';
  for (const k of Object.keys(query)) {
    const v = query[k];
    if (v === undefined || v === null) continue;
    const key = formEncode(k);
    if (Array.isArray(v)) for (const item of v) s += `${s ? '&' : ''}${key}=${formEncode(String(item))}`;
    else s += `${s ? '&' : ''}${key}=${formEncode(String(v))}`;
  }
  return s ? `?${s}` : '';
}

/** Retry-After (seconds or an HTTP date) as whole seconds, at least 1. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw.trim())) return Math.max(1, Math.ceil(Number(raw)));
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(1, Math.ceil((at - now) / 1000));
}

function statusToCode(status: number): ErrorCode {
  if (status === 401 || status === 403) return ErrorCode.UPSTREAM_REJECTED;
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 429) return ErrorCode.RATE_LIMITED;
  if (status === 504 || status === 408) return ErrorCode.UPSTREAM_TIMEOUT;
  if (status >= 500) return ErrorCode.UPSTREAM_UNAVAILABLE;
  return ErrorCode.UPSTREAM_REJECTED;
}

function statusMessage(source: SourceName, status: number): string {
  if (status === 401 || status === 403) return `${source} refused the gateway's credentials (HTTP ${status}).`;
  if (status === 404) return `${source} says the requested resource does not exist (HTTP 404).`;
  if (status === 429) return `${source} is rate limiting the gateway (HTTP 429).`;
  if (status === 504 || status === 408) return `${source} timed out (HTTP ${status}).`;
  if (status >= 500) return `${source} is unavailable (HTTP ${status}).`;
  return `${source} rejected the request (HTTP ${status}).`;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * An identical read joins an exchange in flight only while that exchange is this young: an
 * answer normally takes milliseconds, and a caller arriving later than this at one that hangs
 * sends its own (so after a hang clears, new calls succeed at once instead of failing with the
 * stuck exchange at its deadline). A slow but healthy backend sees at most one extra call per
 * key and second.
 */
const JOIN_FLIGHTS_WITHIN_MS = 1000;

/** What AbortSignal.timeout would abort with (transportError reads it as the deadline passing). */
function abortOnDeadline(stop: AbortController): void {
  stop.abort(new DOMException('The upstream call passed the request deadline.', 'TimeoutError'));
}

/** Creates the HTTP client of one backend. */
export function createHttpSource(options: HttpSourceOptions): HttpSource {
  const { source, logger, classify, observer } = options;
  const base = new URL(options.baseUrl);
  const basePath = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  const connectTimeout = options.connectTimeoutMs ?? 3000;
  const ownsDispatcher = !options.dispatcher;
  const dispatcher: Dispatcher =
    options.dispatcher ??
    new Pool(base.origin, {
      connections: options.connections ?? 32,
      pipelining: 1,
      keepAliveTimeout: 10_000,
      connect: { timeout: connectTimeout },
      maxResponseSize: options.maxResponseBytes ?? 32 * 1024 * 1024,
    });
  const resilience = options.resilience ?? DEFAULT_RESILIENCE;
  const maxRetries = options.maxRetries ?? resilience.maxRetries;
  const now = options.now ?? Date.now;
  const breaker = createCircuitBreaker({
    failures: options.breaker?.failures ?? resilience.breakerFailures,
    openMs: options.breaker?.openMs ?? resilience.breakerOpenMs,
    now,
  });
  const slots = createSemaphore(options.concurrency ?? resilience.concurrency);
  const flights = createSingleFlight<RawResponse>({ joinWithinMs: JOIN_FLIGHTS_WITHIN_MS, now });
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  const fail = (code: ErrorCode, message: string, extra: ConstructorParameters<typeof UpstreamError>[3] = {}) =>
    new UpstreamError(code, source, message, extra);

  /** One HTTP exchange: status, headers and the body text, or a transport UpstreamError. */
  async function once(req: UpstreamRequest, path: string, headers: Record<string, string>, body: string | undefined, flightKey?: string, abandon?: AbortSignal): Promise<RawResponse> {
    const remaining = req.deadline - now();
    if (remaining <= 0) throw fail(ErrorCode.UPSTREAM_TIMEOUT, `${source} did not answer within the request deadline.`);
    const exchange = observer?.sent(req, headers, flightKey);
    const log = req.scope?.logger;
    // The deadline, or every caller of this exchange gone (disconnected): the socket is closed
    // either way. One controller, a timer and a listener, all dropped when the exchange ends
    // (an AbortSignal.timeout timer cannot be cleared: it stayed pending for the rest of the
    // deadline after every call, and AbortSignal.any tracks its signals with weak references).
    const stop = new AbortController();
    const timer = setTimeout(abortOnDeadline, remaining, stop);
    const onAbandon = () => stop.abort(abandon!.reason);
    abandon?.addEventListener('abort', onAbandon, { once: true });
    let res: Dispatcher.ResponseData;
    let text: string;
    try {
      res = await dispatcher.request({
        origin: base.origin,
        method: req.method,
        path,
        headers: exchange ? exchange.headers : headers,
        body,
        headersTimeout: remaining,
        bodyTimeout: remaining,
        signal: stop.signal,
      });
      text = await res.body.text();
    } catch (err) {
      if (abandon?.aborted) throw ended(exchange, abandoned());
      throw ended(exchange, transportError(err, log));
    } finally {
      clearTimeout(timer);
      abandon?.removeEventListener('abort', onAbandon);
    }
    exchange?.finished(res.statusCode);
    return { status: res.statusCode, headers: res.headers, text };
  }

  /** Turns a raw answer into the caller's response or UpstreamError (each caller parses its own copy). */
  function interpret<T>(req: UpstreamRequest, raw: RawResponse, forwarded: boolean): UpstreamResponse<T> {
    const { status, text } = raw;
    const failed = (status < 200 || status >= 300) && !req.passStatuses?.includes(status);
    if (failed && classify) {
      const detail = tryParse(text);
      const verdict = classify({ status, body: detail, request: req, forwarded });
      if (verdict) {
        // The caller's own input (a stale cursor, say) carries no upstream status.
        const extra = verdict.code === ErrorCode.BAD_USER_INPUT ? { detail } : { upstreamStatus: status, detail };
        throw fail(verdict.code, verdict.message, extra);
      }
    }
    if (forwarded && (status === 401 || status === 403)) {
      // The caller's own credential was refused: the caller's problem, not the gateway's.
      throw fail(
        status === 401 ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN,
        status === 401 ? `${source} did not accept the credential you forwarded (HTTP 401).` : `${source} denied your forwarded credential access (HTTP 403).`,
        { upstreamStatus: status, detail: tryParse(text) },
      );
    }
    if (failed) {
      const detail = tryParse(text);
      const retryAfter = status === 429 ? (parseRetryAfter(raw.headers['retry-after'], now()) ?? 1) : undefined;
      throw fail(statusToCode(status), statusMessage(source, status), { upstreamStatus: status, retryAfter, detail });
    }
    if (status === 204 || text === '') {
      throw fail(ErrorCode.UPSTREAM_BAD_RESPONSE, `${source} answered with an empty body.`, { upstreamStatus: status });
    }
    const parsed = tryParse(text);
    if (parsed === undefined) {
      throw fail(ErrorCode.UPSTREAM_BAD_RESPONSE, `${source} answered with a body that is not JSON.`, { upstreamStatus: status });
    }
    return { status, headers: raw.headers, body: parsed as T };
  }

  function ended(exchange: UpstreamExchange | undefined, err: UpstreamError): UpstreamError {
    exchange?.finished(undefined, err);
    return err;
  }

  /** One exchange through the breaker and the concurrency cap. */
  async function guarded(req: UpstreamRequest, path: string, headers: Record<string, string>, body: string | undefined, flightKey?: string, abandon?: AbortSignal): Promise<RawResponse> {
    if (!breaker.allow()) {
      throw fail(ErrorCode.UPSTREAM_UNAVAILABLE, `${source} is failing; the gateway is not calling it for a moment (circuit open).`);
    }
    const sentAt = now(); // tells the breaker a late failure from the half-open probe's
    if (!(await slots.acquire(req.deadline, now()))) {
      breaker.release(sentAt);
      throw fail(ErrorCode.UPSTREAM_TIMEOUT, `${source} did not answer within the request deadline (too many calls in flight).`);
    }
    try {
      const raw = await once(req, path, headers, body, flightKey, abandon);
      if (raw.status >= 500 || raw.status === 408) breaker.failure(sentAt);
      else breaker.success();
      return raw;
    } catch (err) {
      const code = (err as UpstreamError).code;
      // Abandoned by its callers: says nothing about the backend's health.
      if (abandon?.aborted) {
        breaker.release(sentAt);
        throw err;
      }
      if (code === ErrorCode.UPSTREAM_UNAVAILABLE || code === ErrorCode.UPSTREAM_TIMEOUT) breaker.failure(sentAt);
      else breaker.release(sentAt);
      throw err;
    } finally {
      slots.release();
    }
  }

  /** Every caller of an exchange has gone: nobody reads this error, and it says nothing about the backend. */
  const abandoned = () => fail(ErrorCode.UPSTREAM_TIMEOUT, `The request went away before ${source} answered; the call was abandoned.`);

  /** Waits for a shared exchange, but no longer than this caller's own deadline. */
  function untilDeadline<R>(p: Promise<R>, deadline: number): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(fail(ErrorCode.UPSTREAM_TIMEOUT, `${source} did not answer within the request deadline.`)),
        Math.max(0, deadline - now()),
      );
      p.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  function transportError(err: unknown, log: Logger | undefined = logger): UpstreamError {
    if (err instanceof UpstreamError) return err;
    const e = err as { code?: string; name?: string; cause?: { code?: string } };
    const code = e?.code ?? e?.cause?.code;
    if ((code && TIMEOUT_CODES.has(code)) || e?.name === 'TimeoutError' || e?.name === 'AbortError') {
      return fail(ErrorCode.UPSTREAM_TIMEOUT, `${source} did not answer within the request deadline.`);
    }
    if (code === TOO_LARGE_CODE) {
      return fail(ErrorCode.UPSTREAM_BAD_RESPONSE, `${source} answered with a body larger than the gateway accepts.`);
    }
    if (code && RESET_CODES.has(code)) {
      return fail(ErrorCode.UPSTREAM_UNAVAILABLE, `${source} could not be reached (connection failed or was reset).`);
    }
    log?.warn({ source, err: { name: e?.name, code } }, 'unexpected upstream transport error');
    return fail(ErrorCode.UPSTREAM_UNAVAILABLE, `${source} could not be reached.`);
  }

  function retryDelay(err: UpstreamError, attempt: number, retryAfterMs: number | undefined): number | undefined {
    const status = err.upstreamStatus;
    if (err.code === ErrorCode.RATE_LIMITED) return ((err.extensions.retryAfter as number | undefined) ?? 1) * 1000;
    if (status === 502 || status === 503 || (status === undefined && err.code === ErrorCode.UPSTREAM_UNAVAILABLE && breaker.state === 'closed')) {
      // A 503's Retry-After is honoured as the least wait; otherwise jittered backoff:
      // 50–150 ms, doubled per attempt (jitter keeps many gateways from retrying in step).
      const backoff = (50 + Math.random() * 100) * 2 ** attempt;
      return retryAfterMs !== undefined ? Math.max(retryAfterMs, backoff) : backoff;
    }
    return undefined;
  }

  const self: HttpSource = {
    source,
    get circuit() {
      return breaker.state;
    },
    async request<T>(req: UpstreamRequest): Promise<UpstreamResponse<T>> {
      const idempotent = req.idempotent ?? req.method === 'GET';
      const log = req.scope?.logger ?? logger;
      const callerSignal = req.scope?.signal;
      const path = basePath + req.path.replace(/^\//, '') + buildQuery(req.query);
      const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
      // A caller's forwarded credential replaces the gateway's own on authenticated calls only
      // (a login call without Authorization stays as it is).
      const forwardedCredential = req.scope?.forwarded[source];
      const forwarded = Boolean(forwardedCredential && Object.keys(headers).some((h) => h.toLowerCase() === 'authorization'));
      if (forwarded) {
        for (const h of Object.keys(headers)) if (h.toLowerCase() === 'authorization') delete headers[h];
        headers.authorization = forwardedCredential!;
      }
      let body: string | undefined;
      if (req.body !== undefined) {
        body = JSON.stringify(req.body);
        headers['content-type'] = 'application/json';
      }
      // Identical concurrent reads with the same credential share one exchange (single
      // flight). The key is a digest: the credential is part of it but never stored; per-request
      // headers (trace context, request ids) are not.
      const flightKey = idempotent
        ? createHash('sha256').update(JSON.stringify([req.method, path, body ?? '', answerHeaders(headers)])).digest('base64')
        : undefined;
      for (let attempt = 0; ; attempt++) {
        let retryAfterMs: number | undefined;
        try {
          let raw: RawResponse;
          if (flightKey) {
            // Aborted only when every request sharing it is gone (reference count in singleFlight).
            const flight = flights.run(flightKey, (abandon) => guarded(req, path, headers, body, flightKey, abandon), callerSignal);
            // The owner's exchange ends by its own deadline; a joiner may have an earlier one.
            if (flight.shared) {
              observer?.joined(req, flightKey);
              log?.debug({ source }, 'joined an identical upstream call in flight');
            }
            raw = flight.shared ? await untilDeadline(flight.promise, req.deadline) : await flight.promise;
          } else {
            raw = await guarded(req, path, headers, body, undefined, callerSignal);
          }
          if (raw.status === 503 || raw.status === 502) retryAfterMs = (parseRetryAfter(raw.headers['retry-after'], now()) ?? 0) * 1000 || undefined;
          return interpret<T>(req, raw, forwarded);
        } catch (err) {
          // The caller has gone (its wait for a shared flight rejects with the abort's reason):
          // nothing about the backend to classify, log or retry.
          if (callerSignal?.aborted) throw abandoned();
          const upstream = err instanceof UpstreamError ? err : transportError(err, log);
          const delay = idempotent && attempt < maxRetries ? retryDelay(upstream, attempt, retryAfterMs) : undefined;
          // Retry only if the wait and a fair chance of an answer fit in the deadline.
          if (delay === undefined || now() + delay + 50 >= req.deadline) throw upstream;
          log?.debug({ source, code: upstream.code, status: upstream.upstreamStatus, delay }, 'retrying upstream call');
          await sleep(delay);
        }
      }
    },
    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
  // The response cache answers first: cache → single flight → breaker → concurrency limit → undici.
  const { cache } = options;
  if (cache) {
    const uncached = self.request.bind(self);
    self.request = (req) => cache.through(req, () => uncached(req));
  }
  return self;
}
