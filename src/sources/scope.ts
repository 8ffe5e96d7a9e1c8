import type { RequestCache } from '../cache/RequestCache.js';
import type { SourceName } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RequestTally } from '../observability/RequestObservation.js';
import type { RequestTrace } from '../observability/RequestTrace.js';

/**
 * What a source needs from the request it serves: its clock, deadline, logger and the caller's
 * forwarded upstream credentials. Handed down explicitly (not through AsyncLocalStorage, whose
 * promise hooks cost 14–34% CPU per request on Node 20: bench/results/2026-11-22-ab.md).
 */
export interface RequestScope {
  /** The request's arrival time, epoch ms: "now" for every default range in it. */
  readonly now: number;
  /** Absolute deadline for every upstream call of the request, epoch ms. */
  readonly deadline: number;
  /** The request's logger (its lines carry the requestId). */
  readonly logger: Logger;
  readonly requestId: string;
  /** The caller's own upstream credential per source (from a configured client header). */
  readonly forwarded: Readonly<Partial<Record<SourceName, string>>>;
  /** The request's count of upstream calls and cache hits (its access line); absent outside a request. */
  readonly tally?: RequestTally;
  /** The request's spans; absent when tracing is off. */
  readonly trace?: RequestTrace;
  /**
   * The end of now-relative ranges (`end` omitted, `lastDays`): `now` floored to the minute
   * while the response cache is on, so repeated loads share cache keys (default: `now`).
   */
  readonly openEnd?: number;
  /** What the request asks of the response cache and what it did (absent with CACHE=off). */
  readonly cache?: RequestCache;
  /** Aborts when the caller disconnects before its answer is sent: its upstream work is abandoned. */
  readonly signal?: AbortSignal;
}
