import { ErrorCode } from '../../errors.js';
import type { UpstreamClassifier } from '../SourceDefinition.js';

// Body fields of the upstream → our argument names, for messages in the caller's terms.
const FIELD_NAMES: Record<string, string> = {
  project_id: 'projectId',
  start: 'range.start',
  end: 'range.end',
  granularity: 'granularity',
  timezone: 'timezone',
  usage_metrics: 'usageMetrics',
  call_metrics: 'callMetrics',
  filter: 'filter',
};

/** Which of our arguments a 400/422 body points at (only known names; never upstream text). */
function argumentsBlamed(body: unknown): string[] {
  const names = new Set<string>();
  // A 400 says why in a `reason` sentence: read it to classify, never to repeat.
  const reason = (body as { reason?: unknown } | null)?.reason;
  if (typeof reason === 'string') {
    if (/time ?zone/i.test(reason)) names.add('timezone');
    if (/percentile/i.test(reason)) names.add('percentiles');
  }
  const list = (body as { detail?: unknown } | null)?.detail;
  if (!Array.isArray(list)) return [...names];
  for (const d of list) {
    const loc = (d as { loc?: unknown })?.loc;
    if (!Array.isArray(loc)) continue;
    const field = loc.find((part) => typeof part === 'string' && part in FIELD_NAMES) as string | undefined;
    if (field) names.add(FIELD_NAMES[field]!);
  }
  return [...names].sort();
}

/**
 * The time zone a 400 refused, if the request named one other than UTC and the answer blames
 * nothing else. Names the gateway's own tz database rejects never get this far (they are
 * BAD_USER_INPUT before any call), so such a 400 means the upstream's tz database lacks a name
 * ours has: the caller can pick another name, hence the caller's error rather than ours.
 */
function timeZoneRefused(requestBody: unknown, blamed: readonly string[]): string | undefined {
  const zone = (requestBody as { timezone?: unknown } | undefined)?.timezone;
  if (typeof zone !== 'string' || zone === 'UTC') return undefined;
  return blamed.every((name) => name === 'timezone') ? zone : undefined;
}

/**
 * call-stats' refusals in our terms. The caller's mistakes are caught before the call, so a
 * 400/422 that still happens is the gateway's request being refused.
 */
export const classifyCallStats: UpstreamClassifier = ({ status, body, request }) => {
  if (status === 404) {
    const projectId = (request.body as { project_id?: unknown } | undefined)?.project_id;
    return { code: ErrorCode.NOT_FOUND, message: `CALL_STATS does not know the project ${JSON.stringify(projectId)} (HTTP 404).` };
  }
  if (status === 400) {
    const zone = timeZoneRefused(request.body, argumentsBlamed(body));
    if (zone !== undefined) {
      return {
        code: ErrorCode.BAD_USER_INPUT,
        message:
          `\`timezone\`: CALL_STATS does not know the time zone ${JSON.stringify(zone)} (HTTP 400), although it is a valid IANA name here; ` +
          'its time-zone database may be older or newer than the gateway\'s. Use another name of the zone, or UTC.',
      };
    }
  }
  if (status === 400 || status === 422) {
    const blamed = argumentsBlamed(body);
    const where = blamed.length > 0 ? ` It objected to: ${blamed.join(', ')}.` : '';
    return { code: ErrorCode.UPSTREAM_REJECTED, message: `CALL_STATS refused the gateway's request as invalid (HTTP ${status}).${where}` };
  }
  if (status === 413) {
    return { code: ErrorCode.UPSTREAM_REJECTED, message: 'CALL_STATS refused the request as too large (HTTP 413); ask for fewer metrics, a shorter range or a larger granularity.' };
  }
  return undefined;
};
