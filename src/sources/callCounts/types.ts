/** Wire shapes of the call-counts API. Everything is `unknown`-safe: mapping validates. */

/** The labels of `call-counts/historical/<label>/` (the public enum uses the same names). */
export const CALL_COUNT_LABELS = ['ACCOUNTS', 'ENDPOINTS', 'DBS', 'SCENARIOS', 'RECO_TYPES', 'CHAT', 'LLM'] as const;
export type CallCountLabelName = (typeof CALL_COUNT_LABELS)[number];

/** `POST login/service/` → 200. */
export interface LoginBody {
  token?: unknown;
  refresh_token?: unknown;
  role?: unknown;
}

/** `POST login/refresh-token/` → 200. */
export interface RefreshBody {
  token?: unknown;
  refresh_token?: unknown;
}

/** Every error: `{error_code, error_name, message, error_data}`. */
export interface ErrorBody {
  error_code?: unknown;
  error_name?: unknown;
  message?: unknown;
  error_data?: unknown;
}

/** `historical/` and `historical/SCENARIOS/<reco_type>/<name>/` → 200. */
export interface HistoricalBody {
  warnings?: unknown;
  timestamps?: unknown;
  counts?: unknown;
}

/** One entry of `series` in `historical/<label>/`. */
export interface SeriesRow {
  key?: unknown;
  description?: unknown;
  counts?: unknown;
  extra_data?: unknown;
}

/** `historical/<label>/` → 200. */
export interface LabelBody {
  warnings?: unknown;
  timestamps?: unknown;
  series?: unknown;
  has_next?: unknown;
  next_cursor?: unknown;
}

/** The two timestamps every route takes: float epoch seconds, both ends included upstream. */
export interface UpstreamRange {
  start_timestamp: number;
  end_timestamp: number;
}

/** Query of `historical/<label>/`. */
export interface LabelParams extends UpstreamRange {
  label: CallCountLabelName;
  /** Series per page, 1–128. */
  amt: number;
  /** The upstream's `next_cursor` of the previous page; null for the first page. */
  cursor: string | null;
}

/** Query of `historical/SCENARIOS/<reco_type>/<name>/` (segments validated, not yet encoded). */
export interface ScenarioParams extends UpstreamRange {
  recoType: string;
  name: string;
}
