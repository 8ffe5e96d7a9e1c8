import { bucketIndexOf, isUtcMidnightGrid } from '../../lib/calendarGrid.js';
import type { IblaiCostInput } from '../../generated/graphql.js';
import { MS_PER_DAY, formatDate } from '../../lib/dateTime.js';
import { sumDecimals, type DecimalString } from '../../lib/decimal.js';
import { pathSegment } from '../../lib/pathSegment.js';
import type { CostGrid, SourceCostCapability } from '../SourceCostCapability.js';
import type { IblaiLoaders } from './loaders.js';
import { USER_COSTS_MAX_FIRST } from './paging.js';

/** The UTC midnights in [start, end): the days iblai is asked for. */
function utcDaysIn(grid: CostGrid): number[] {
  const days: number[] = [];
  for (let d = Math.ceil(grid.effective.start / MS_PER_DAY) * MS_PER_DAY; d < grid.effective.end; d += MS_PER_DAY) days.push(d);
  return days;
}

function approximation(grid: CostGrid): string {
  const how = "each UTC day's cost is counted in the bucket containing the day's start (00:00 UTC)";
  if (grid.bucket === 'HOUR') return `iblai reports whole UTC days, not hours: ${how}.`;
  return `iblai reports whole UTC days, and these ${grid.bucket} buckets in ${grid.timezone} do not all begin and end at 00:00 UTC: ${how}.`;
}

/**
 * iblai in the cost report: one `costs/peruser/` call per UTC day whose start lies in the
 * report's range (`start_date = end_date`, 100 users a page, every page), the users' costs
 * summed exactly and the day counted in the local bucket holding its start. Exact only when
 * every bucket boundary is a UTC midnight (UTC, or Europe/London in winter); otherwise
 * APPROXIMATE, saying so. Calls are estimated at one page per day.
 */
export const iblaiCost: SourceCostCapability<IblaiCostInput, IblaiLoaders> = {
  inputField: 'iblai',
  allowListed: (input) => [input.org],
  plan(input, grid) {
    pathSegment('org', input.org);
    pathSegment('userId', input.userId);
    return { calls: utcDaysIn(grid).length };
  },
  async costs(input, grid, { loaders, call }) {
    const perBucket: DecimalString[][] = grid.buckets.map(() => []);
    await Promise.all(
      utcDaysIn(grid).map(async (day) => {
        const date = formatDate(day);
        const page = (offset: number) =>
          call(() => loaders.perUserCosts.load({ org: input.org, userId: input.userId, startDate: date, endDate: date, limit: USER_COSTS_MAX_FIRST, offset }));
        const first = await page(0);
        const rest: Array<Promise<Awaited<ReturnType<typeof page>>>> = [];
        for (let offset = USER_COSTS_MAX_FIRST; offset < first.count; offset += USER_COSTS_MAX_FIRST) rest.push(page(offset));
        const pages = [first, ...(await Promise.all(rest))];
        const i = bucketIndexOf(grid.buckets, day);
        for (const p of pages) {
          for (const row of p.rows) {
            // A row without a readable cost makes an exact sum impossible: the source fails.
            if (row.totalCost instanceof Error) throw row.totalCost;
            perBucket[i]!.push(row.totalCost.amount);
          }
        }
      }),
    );
    const exact = isUtcMidnightGrid(grid.buckets);
    return {
      status: exact ? 'EXACT' : 'APPROXIMATE',
      ...(exact ? {} : { reason: approximation(grid) }),
      perBucket: perBucket.map((amounts) => sumDecimals(amounts)),
    };
  },
};
