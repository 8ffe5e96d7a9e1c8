import { valueFromASTUntyped, type GraphQLResolveInfo } from 'graphql';
import { selectedFieldNodes } from '../../lib/selectedFieldNodes.js';
import { badUserInput } from '../../errors.js';
import type { GatewayContext } from '../../context.js';
import type { Resolvers } from '../../generated/graphql.js';
import { resolveFirst, toConnection } from '../../lib/connection.js';
import { bindingOf, cursorInt, decodeCursor, encodeCursor } from '../../lib/cursor.js';
import type { ResolvedRange } from '../../lib/timeRange.js';
import { callColumnsOf, usageColumnsOf } from './columns.js';
import { toMetricValues, type MetricValueOut } from './mapping.js';
import { BUCKETS_DEFAULT_FIRST, BUCKETS_MAX_FIRST } from './paging.js';
import { MAX_RANGE_MS, toCallStatsRequest } from './request.js';
import type { CallStatsResult, CallStatsView, MetricSpec, ParsedBucket } from './types.js';

type BucketField = 'callBuckets' | 'usageBuckets';

interface PageArgs {
  first?: number | null;
  after?: string | null;
  model?: string | null;
}

interface PagePlan {
  first: number;
  offset: number;
  /** The range a cursor carries (page 2 of an open range reads page 1's range). */
  range: ResolvedRange | null;
}

/**
 * Checks one bucket field's paging arguments. The cursor is bound to the field, the model and
 * the `callStats` arguments as given, and carries the resolved range.
 */
function planPage(field: BucketField, viewBinding: string, args: PageArgs): PagePlan {
  const first = resolveFirst(args.first, BUCKETS_DEFAULT_FIRST, BUCKETS_MAX_FIRST);
  if (args.after == null) return { first, offset: 0, range: null };
  const c = decodeCursor(field, bindingOf([field, viewBinding, args.model ?? null]), args.after);
  const start = cursorInt(c, 's');
  const end = cursorInt(c, 'e');
  if (!(start < end) || end - start > MAX_RANGE_MS) throw badUserInput('`after` is not a valid cursor.');
  return { first, offset: cursorInt(c, 'i') + 1, range: { start, end } };
}

/**
 * The paging arguments of the bucket fields selected under this `callStats` field, so that a
 * bad `first` or cursor is refused before the upstream call, and a cursor's range is the one
 * the whole field reads (start/end/granularity agree with the page).
 */
function selectedPages(info: GraphQLResolveInfo): Array<{ field: BucketField; args: PageArgs }> {
  const out: Array<{ field: BucketField; args: PageArgs }> = [];
  for (const sel of selectedFieldNodes(info)) {
    if (sel.name.value !== 'callBuckets' && sel.name.value !== 'usageBuckets') continue;
    // Only first/after/model, all scalars: read them without the schema (no instanceof
    // checks, so no trouble when two copies of graphql are loaded).
    const args: PageArgs = {};
    for (const arg of sel.arguments ?? []) {
      const name = arg.name.value;
      if (name === 'first' || name === 'after' || name === 'model') {
        (args as Record<string, unknown>)[name] = valueFromASTUntyped(arg.value, info.variableValues);
      }
    }
    out.push({ field: sel.name.value, args });
  }
  return out;
}

/** One page of a bucket list (another upstream call only if the cursor's range is not the field's). */
async function bucketPage<B extends ParsedBucket, N>(
  field: BucketField,
  view: CallStatsView,
  args: PageArgs,
  ctx: GatewayContext,
  pick: (result: CallStatsResult) => B[],
  toNode: (bucket: B) => N,
) {
  const plan = planPage(field, view.binding, args);
  let result = view.result;
  let { start, end } = view.request;
  if (plan.range && (plan.range.start !== start || plan.range.end !== end)) {
    ({ start, end } = plan.range);
    result = await ctx.loaders.callStats.stats.load({ ...view.request, start, end });
  }
  const { first, offset } = plan;
  const binding = bindingOf([field, view.binding, args.model ?? null]);
  const all = pick(result);
  const nodes = all.slice(offset, offset + first).map(toNode);
  return toConnection(nodes, (_n, i) => encodeCursor(field, binding, { i: offset + i, s: start, e: end }), {
    hasNextPage: offset + nodes.length < all.length,
    hasPreviousPage: offset > 0,
    totalCount: all.length,
  });
}

/** A bucket as the schema serves it; its metric values are made only if selected. */
class BucketNode {
  readonly start: number;
  readonly end: number;
  readonly count: number;
  private readonly cells: ParsedBucket['cells'];
  private made: MetricValueOut[] | undefined = undefined;

  constructor(
    bucket: ParsedBucket,
    private readonly specs: readonly MetricSpec[],
  ) {
    this.start = bucket.start;
    this.end = bucket.end;
    this.count = bucket.count;
    this.cells = bucket.cells;
  }

  // Made once: the compiled executor reads a list field several times (its type checks, then
  // the items), and each read of a plain getter would build the whole list again.
  get metrics(): MetricValueOut[] {
    return (this.made ??= toMetricValues(this.specs, this.cells));
  }
}

class UsageBucketNode extends BucketNode {
  readonly model: string;

  constructor(bucket: CallStatsResult['usageBuckets'][number], specs: readonly MetricSpec[]) {
    super(bucket, specs);
    this.model = bucket.model;
  }
}

const node = (specs: readonly MetricSpec[]) => (b: ParsedBucket) => new BucketNode(b, specs);
const usageNode = (specs: readonly MetricSpec[]) => (b: CallStatsResult['usageBuckets'][number]) => new UsageBucketNode(b, specs);

/** call-stats fields: every argument validated before any call, data from the per-request loader only. */
export const callStatsResolvers: Resolvers = {
  Query: {
    async callStats(_root, args, ctx, info) {
      let request = toCallStatsRequest(args, ctx);
      // Bound to the arguments as given (an open end stays open) in their canonical form.
      const binding = bindingOf([args.projectId, args.range.start, args.range.end ?? null, request.granularity, request.timezone, request.usage, request.call, request.filter]);
      let cursorRange: ResolvedRange | null = null;
      for (const { field, args: pageArgs } of selectedPages(info)) {
        cursorRange ??= planPage(field, binding, pageArgs).range;
      }
      // Only an open end can differ from a cursor's (the binding fixes everything else).
      if (cursorRange && args.range.end == null) request = { ...request, ...cursorRange };
      const result = await ctx.loaders.callStats.stats.load(request);
      return {
        start: result.start,
        end: result.end,
        granularity: result.granularity,
        timezone: result.timezone,
        effectiveRange: { start: request.start, end: request.end },
        models: request.usage.length === 0 ? [] : [...new Set(result.usageBuckets.map((b) => b.model))].sort(),
        request,
        result,
        binding,
      };
    },
  },
  CallStats: {
    callBuckets(v, args, ctx) {
      // A merged upstream call may carry call buckets this field did not ask for.
      const pick = (r: CallStatsResult) => (v.request.call.length === 0 ? [] : r.callBuckets);
      return bucketPage('callBuckets', v, args, ctx, pick, node(v.request.call));
    },
    usageBuckets(v, args, ctx) {
      const model = args.model ?? null;
      const pick = (r: CallStatsResult) =>
        v.request.usage.length === 0 ? [] : model === null ? r.usageBuckets : r.usageBuckets.filter((b) => b.model === model);
      return bucketPage('usageBuckets', v, args, ctx, pick, usageNode(v.request.usage));
    },
    callColumns(v) {
      return callColumnsOf(v.request.call, v.request.call.length === 0 ? [] : v.result.callBuckets);
    },
    usageColumns(v, args) {
      const buckets = v.request.usage.length === 0 ? [] : v.result.usageBuckets;
      return usageColumnsOf(v.request.usage, buckets, v.result.granularity * 1000, args.model ?? null);
    },
  },
};
