import type { CacheWindow } from '../../cache/freshnessPolicy.js';
import { MS_PER_DAY, parseDate } from '../../lib/dateTime.js';
import type { UpstreamRequest } from '../http.js';

/** iblai's `start_date`/`end_date` are whole UTC days, both inclusive; the mentor calls have no window. */
export function iblaiCacheWindow(request: UpstreamRequest): CacheWindow | null {
  const start = typeof request.query?.start_date === 'string' ? parseDate(request.query.start_date) : undefined;
  const last = typeof request.query?.end_date === 'string' ? parseDate(request.query.end_date) : undefined;
  return start === undefined || last === undefined ? null : { start, end: last + MS_PER_DAY };
}
