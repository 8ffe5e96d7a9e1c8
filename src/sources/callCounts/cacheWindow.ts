import type { CacheWindow } from '../../cache/freshnessPolicy.js';
import type { UpstreamRequest } from '../http.js';

/** call-counts' `start_timestamp`/`end_timestamp` are epoch seconds, the end inclusive to the millisecond. */
export function callCountsCacheWindow(request: UpstreamRequest): CacheWindow | null {
  const start = Number(request.query?.start_timestamp);
  const end = Number(request.query?.end_timestamp);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return null;
  return { start: Math.round(start * 1000), end: Math.round(end * 1000) + 1 };
}
