import { bucketIndexOf } from '../../lib/calendarGrid.js';
import { badUserInput } from '../../errors.js';
import type { EjentoCostInput } from '../../generated/graphql.js';
import { MS_PER_DAY } from '../../lib/dateTime.js';
import { sumDecimals, type DecimalString } from '../../lib/decimal.js';
import type { CostGrid, SourceCostCapability } from '../SourceCostCapability.js';
import { bucketStart, nextBucket } from './calendar.js';
import type { EjentoLoaders } from './loaders.js';
import type { CostValue, EjentoBucketName, EjentoScopeName, SeriesData } from './types.js';
import { MAX_LAST_DAYS, toEjentoWindow } from './window.js';

interface Target {
  /** null: the whole organization. */
  entity: { scope: EjentoScopeName; id: string } | null;
}

/** `{}` is the organization; `scope` with `id` one entity; anything else is the caller's mistake. */
function targetOf(input: EjentoCostInput): Target {
  const hasScope = input.scope !== undefined && input.scope !== null;
  const hasId = input.id !== undefined && input.id !== null;
  if (hasScope !== hasId) {
    throw badUserInput('`scope` and `id` go together: give both for one entity, or neither (`{}`) for the whole organization.');
  }
  if (!hasId) return { entity: null };
  if (typeof input.id !== 'string' || !/^\d{1,18}$/.test(input.id)) {
    throw badUserInput(`\`id\` must be an Ejento id (a non-negative integer such as "3"), but got ${JSON.stringify(String(input.id).slice(0, 40))}.`);
  }
  return { entity: { scope: input.scope!, id: BigInt(input.id).toString() } };
}

/** Ejento's own series bucket when every report bucket is exactly one of its UTC days, ISO weeks or months. */
function nativeBucket(grid: CostGrid): EjentoBucketName | null {
  if (grid.bucket === 'HOUR') return null;
  const b: EjentoBucketName = grid.bucket;
  return grid.buckets.every((x) => bucketStart(x.start, b) === x.start && nextBucket(x.start, b) === x.end) ? b : null;
}

/** Runs of whole buckets, each within the longest window Ejento accepts. */
function nativeWindows(grid: CostGrid): Array<{ start: number; end: number }> {
  const most = MAX_LAST_DAYS * MS_PER_DAY;
  const out: Array<{ start: number; end: number }> = [];
  for (const b of grid.buckets) {
    const last = out[out.length - 1];
    if (last && b.end - last.start <= most) last.end = b.end;
    else out.push({ start: b.start, end: b.end });
  }
  return out;
}

/**
 * Ejento in the cost report: organization-wide (`{}`) or one entity's `costs`. When every bucket
 * is exactly a UTC day, ISO week or month, one native series call (`time_series`, its
 * `bucket_type`) answers them all; otherwise one ranged call per bucket with the bucket's exact
 * instants (a datetime `end_date` is exclusive). Either way every bucket is Ejento's own number
 * for exactly that bucket: EXACT. The calls go through the same loaders as `costs` fields.
 */
export const ejentoCost: SourceCostCapability<EjentoCostInput, EjentoLoaders> = {
  inputField: 'ejento',
  // The organization view spans every entity, so an id allow-list denies it (as for `ejentoOrganization`).
  allowListed: (input) => (input.id === undefined || input.id === null ? 'all' : [input.id]),
  plan(input, grid) {
    targetOf(input);
    return { calls: nativeBucket(grid) ? nativeWindows(grid).length : grid.buckets.length };
  },
  async costs(input, grid, { loaders, scope, call }) {
    const { entity } = targetOf(input);
    const series = (range: { start: number; end: number }, bucket: EjentoBucketName | null): Promise<SeriesData<CostValue>> => {
      const window = toEjentoWindow({ range }, scope.now, 'range');
      return call(() =>
        entity ? loaders.entity(entity.scope, 'costs', entity.id, window, bucket).then((r) => r.value) : loaders.organization('costs', window, bucket),
      );
    };
    const native = nativeBucket(grid);
    if (!native) {
      const totals = await Promise.all(grid.buckets.map(async (b) => (await series(b, null)).total.cost));
      return { status: 'EXACT', perBucket: totals };
    }
    const perBucket: DecimalString[][] = grid.buckets.map(() => []);
    for (const s of await Promise.all(nativeWindows(grid).map((w) => series(w, native)))) {
      for (const p of s.points) {
        const i = bucketIndexOf(grid.buckets, p.start);
        if (i >= 0) perBucket[i]!.push(p.value.cost);
      }
    }
    return { status: 'EXACT', perBucket: perBucket.map((amounts) => sumDecimals(amounts)) };
  },
};
