import { bucketIndexOf } from '../../lib/calendarGrid.js';
import type { CallStatsCostInput } from '../../generated/graphql.js';
import { decimalFromNumber, sumDecimals, type DecimalString } from '../../lib/decimal.js';
import type { CostGrid, SourceCostCapability } from '../SourceCostCapability.js';
import type { CallStatsLoaders } from './loaders.js';
import { MAX_UPSTREAM_BUCKETS } from './paging.js';
import { MAX_RANGE_MS, toCallStatsRequest } from './request.js';
import type { CallStatsRequest } from './types.js';

const HOUR_MS = 3_600_000;
const QUARTER_HOUR_MS = 900_000;
const COST_CELL = 'sum_total_cost';

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * The fixed bucket size (ms) that puts every upstream bucket inside one local bucket: an hour
 * when every boundary is on a UTC hour, a quarter hour when the zone's offset is not a whole
 * hour (:30, :45), else the largest divisor of an hour that fits (historical local mean times).
 */
export function granularityMsFor(grid: CostGrid): number {
  let g = HOUR_MS;
  for (const t of [...grid.buckets.map((b) => b.start), grid.effective.end]) g = gcd(g, ((t % HOUR_MS) + HOUR_MS) % HOUR_MS);
  if (g === HOUR_MS) return HOUR_MS;
  if (g % QUARTER_HOUR_MS === 0) return QUARTER_HOUR_MS;
  // The upstream counts whole seconds; a boundary off the second cannot be met exactly.
  return Math.max(1000, g - (g % 1000));
}

/** The report's range in upstream calls: at most 31 days and 10,000 buckets each, on bucket boundaries. */
function chunks(grid: CostGrid, granularityMs: number): Array<{ start: number; end: number }> {
  const span = Math.floor(Math.min(MAX_RANGE_MS, MAX_UPSTREAM_BUCKETS * granularityMs) / granularityMs) * granularityMs;
  const out: Array<{ start: number; end: number }> = [];
  for (let s = grid.effective.start; s < grid.effective.end; s += span) out.push({ start: s, end: Math.min(s + span, grid.effective.end) });
  return out;
}

function requestOf(input: CallStatsCostInput, range: { start: number; end: number }, granularityMs: number): CallStatsRequest {
  return toCallStatsRequest(
    {
      projectId: input.projectId,
      range,
      granularity: granularityMs / 1000,
      timezone: 'UTC',
      usageMetrics: [{ metric: 'TOTAL_COST', aggregations: ['SUM'] }],
      filter: input.filter,
    },
    range.end,
  );
}

/**
 * call-stats in the cost report: `sum(total_cost)` of every model in fixed buckets fine enough
 * to lie inside the local ones, over calls of at most 31 days, summed exactly into the local
 * buckets: EXACT. Should the upstream answer coarser buckets than asked (it raises the size
 * past 10,000 buckets), a bucket that straddles a local boundary makes it APPROXIMATE.
 */
export const callStatsCost: SourceCostCapability<CallStatsCostInput, CallStatsLoaders> = {
  inputField: 'callStats',
  allowListed: (input) => [input.projectId],
  plan(input, grid) {
    const g = granularityMsFor(grid);
    const parts = chunks(grid, g);
    requestOf(input, parts[0]!, g); // validates projectId and filter before any call
    return { calls: parts.length };
  },
  async costs(input, grid, { loaders, call }) {
    const g = granularityMsFor(grid);
    const results = await Promise.all(chunks(grid, g).map((range) => call(() => loaders.stats.load(requestOf(input, range, g)))));
    const perBucket: DecimalString[][] = grid.buckets.map(() => []);
    let straddled: number | null = null;
    for (const result of results) {
      for (const b of result.usageBuckets) {
        const value = b.cells.get(COST_CELL);
        if (value === undefined || value === null || value === 0) continue;
        const first = bucketIndexOf(grid.buckets, b.start);
        const last = bucketIndexOf(grid.buckets, b.end - 1);
        if (first < 0 && last < 0) continue; // wholly outside the report
        if (first !== last) straddled = result.granularity;
        perBucket[first >= 0 ? first : last]!.push(decimalFromNumber(value));
      }
    }
    const sums = perBucket.map((amounts) => sumDecimals(amounts));
    if (straddled === null) return { status: 'EXACT', perBucket: sums };
    return {
      status: 'APPROXIMATE',
      reason: `call-stats answered in ${straddled}-second buckets, which do not all fall inside one ${grid.bucket} bucket in ${grid.timezone}: each is counted in the bucket containing its start.`,
      perBucket: sums,
    };
  },
};
