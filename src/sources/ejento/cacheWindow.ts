import type { CacheWindow } from '../../cache/freshnessPolicy.js';
import { parseDateTime } from '../../lib/dateTime.js';
import type { UpstreamRequest } from '../http.js';

/**
 * Ejento's `type=range` carries `start_date`/`end_date` datetimes, [start, end); `type=fixed&days=N`
 * ends at Ejento's own "now", and a call without a window (entity counts) spans everything: live.
 */
export function ejentoCacheWindow(request: UpstreamRequest): CacheWindow | null {
  const q = request.query;
  if (q?.type !== 'range') return null;
  const start = typeof q.start_date === 'string' ? parseDateTime(q.start_date) : undefined;
  const end = typeof q.end_date === 'string' ? parseDateTime(q.end_date) : undefined;
  return start === undefined || end === undefined ? null : { start, end };
}
