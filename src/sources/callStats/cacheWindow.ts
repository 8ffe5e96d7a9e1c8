import type { CacheWindow } from '../../cache/freshnessPolicy.js';
import { parseDateTime } from '../../lib/dateTime.js';
import type { UpstreamRequest } from '../http.js';

/** call-stats' body carries the range as `start`/`end` datetimes, [start, end). */
export function callStatsCacheWindow(request: UpstreamRequest): CacheWindow | null {
  const body = request.body as { start?: unknown; end?: unknown } | undefined;
  const start = typeof body?.start === 'string' ? parseDateTime(body.start) : undefined;
  const end = typeof body?.end === 'string' ? parseDateTime(body.end) : undefined;
  return start === undefined || end === undefined ? null : { start, end };
}
