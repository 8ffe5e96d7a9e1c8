import type { SourceName } from '../errors.js';
import type { Logger } from '../logger.js';

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
  /** Aborts when the caller disconnects before its answer is sent: its upstream work is abandoned. */
  readonly signal?: AbortSignal;
}
