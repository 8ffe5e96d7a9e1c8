import { rangeMs, sizeArg } from '../../limits/estimateHelpers.js';
import type { EstimateFrame, FieldEstimator } from '../SourceDefinition.js';
import { LIST_DEFAULT_LIMIT } from './paging.js';

const DAY_MS = 86_400_000;
const BUCKET_DAYS: Record<string, number> = { DAY: 1, WEEK: 7, MONTH: 31 };
/** Points priced when no window or bucket is in sight. */
const UNWINDOWED_POINTS = 100;

/** Buckets of a series: the window (default the last 30 days) over the bucket width (default a day), plus the partial ones. */
function seriesPoints(_args: unknown, ancestors: readonly EstimateFrame[], now: number): number {
  const windowed = [...ancestors].reverse().find((f) => 'window' in f.args || 'bucket' in f.args);
  if (!windowed) return UNWINDOWED_POINTS;
  const w = windowed.args.window as { lastDays?: unknown; range?: unknown } | undefined;
  const days = w?.range !== undefined ? rangeMs(w.range, now, 30 * DAY_MS) / DAY_MS : sizeArg(w?.lastDays, 30) + 1;
  const width = BUCKET_DAYS[String(windowed.args.bucket)] ?? 1;
  return Math.ceil(days / width) + 1;
}

/** An ids-less top-N list: `limit` entries (default 10). */
const limitEntries: FieldEstimator = (args) => sizeArg(args.limit, LIST_DEFAULT_LIMIT);

/** Ejento's series sizes, derived from the window and bucket of the field that asked; ranked lists by `limit`. */
export const EJENTO_ESTIMATORS = {
  'CostSeries.points': seriesPoints,
  'TokenSeries.points': seriesPoints,
  'VoteSeries.points': seriesPoints,
  'DocumentCountSeries.points': seriesPoints,
  'IndexingModesSeries.points': seriesPoints,
  'ActivitySeries.points': seriesPoints,
  'EntitySummarySeries.points': seriesPoints,
  'OrganizationSummarySeries.points': seriesPoints,
  'EjentoOrganization.ranking': limitEntries,
  'EjentoOrganization.corpusRanking': limitEntries,
} as const satisfies Record<string, FieldEstimator>;
