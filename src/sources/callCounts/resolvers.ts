import { badUserInput } from '../../errors.js';
import type { Resolvers } from '../../generated/graphql.js';
import { resolveFirst, toConnection } from '../../lib/connection.js';
import { bindingOf, decodeCursor, encodeCursor, type CursorPayload } from '../../lib/cursor.js';
import { pathSegment } from '../../lib/pathSegment.js';
import type { ResolvedRange } from '../../lib/timeRange.js';
import type { CallCountsLoaders } from './loaders.js';
import {
  MAX_UPSTREAM_CURSOR,
  resolveCallCountsRange,
  toUpstreamRange,
  type CountSeriesValue,
  type LabelPage,
} from './mapping.js';
import { BY_LABEL_DEFAULT_FIRST, BY_LABEL_MAX_FIRST } from './paging.js';
import type { CallCountLabelName } from './types.js';

const CURSOR_KIND = 'callCountsByLabel';

/**
 * Where paging resumes after an edge: the upstream cursor of the upstream page the edge came
 * from (null: the first page) and how many of that page's series are already delivered; or
 * `done` when the edge was the last series of all.
 */
interface Resume {
  upstreamCursor: string | null;
  skip: number;
  done: boolean;
  range: ResolvedRange;
}

function readCursor(c: CursorPayload): Resume {
  const invalid = () => badUserInput('`after` is not a valid cursor.');
  const { s, e, c: up, o, d } = c;
  if (typeof s !== 'number' || typeof e !== 'number' || !Number.isSafeInteger(s) || !Number.isSafeInteger(e) || !(s < e)) throw invalid();
  if (up !== null && (typeof up !== 'string' || up.length === 0 || up.length > MAX_UPSTREAM_CURSOR)) throw invalid();
  if (typeof o !== 'number' || !Number.isInteger(o) || o < 0 || o >= BY_LABEL_MAX_FIRST) throw invalid();
  if (d !== undefined && typeof d !== 'boolean') throw invalid();
  return { upstreamCursor: up, skip: o, done: d === true, range: { start: s, end: e } };
}

function emptyPage(range: ResolvedRange) {
  return toConnection<CountSeriesValue, { warnings: string[]; effectiveRange: ResolvedRange }>([], () => '', { hasNextPage: false, hasPreviousPage: false, totalCount: null }, { warnings: [], effectiveRange: range });
}

/**
 * Loads the page a resume point asks for. If the upstream page has nothing left past `skip`
 * (it shrank since the cursor was made) but says more follows, follows `next_cursor` instead of
 * returning an empty page without a cursor to go on from.
 */
async function loadFrom(loaders: CallCountsLoaders, label: CallCountLabelName, at: Resume, want: number) {
  let cursor = at.upstreamCursor;
  let skip = at.skip;
  for (let hops = 0; ; hops++) {
    const amt = Math.min(BY_LABEL_MAX_FIRST, skip + want);
    const page: LabelPage = await loaders.byLabel.load({ label, range: at.range, amt, cursor });
    if (page.series.length > skip || !page.hasNext || hops >= 2) return { page, cursor, skip };
    cursor = page.nextCursor;
    skip = 0;
  }
}

/** call-counts fields: arguments validated here (before any call), data from the per-request loaders only. */
export const callCountsResolvers: Resolvers = {
  Query: {
    callCounts(_root, args, ctx) {
      const range = resolveCallCountsRange(args.range, ctx);
      toUpstreamRange(range);
      return ctx.loaders.callCounts.historical.load(range);
    },
    scenarioCallCounts(_root, args, ctx) {
      pathSegment('recoType', args.recoType);
      pathSegment('name', args.name);
      const range = resolveCallCountsRange(args.range, ctx);
      toUpstreamRange(range);
      return ctx.loaders.callCounts.scenario.load({ recoType: args.recoType, name: args.name, range });
    },
    async callCountsByLabel(_root, args, ctx) {
      const label = args.label as CallCountLabelName;
      const first = resolveFirst(args.first, BY_LABEL_DEFAULT_FIRST, BY_LABEL_MAX_FIRST);
      // Bound to the arguments as given (the range may default to "now"); the payload carries
      // the resolved range so every page asks for the same one.
      const binding = bindingOf([CURSOR_KIND, label, args.range?.start ?? null, args.range?.end ?? null]);
      const at: Resume =
        args.after != null
          ? readCursor(decodeCursor(CURSOR_KIND, binding, args.after))
          : { upstreamCursor: null, skip: 0, done: false, range: resolveCallCountsRange(args.range, ctx) };
      toUpstreamRange(at.range);
      if (at.done) return emptyPage(at.range);

      // first: 0 still asks for one series: an empty page that knows whether more follow.
      const { page, cursor, skip } = await loadFrom(ctx.loaders.callCounts, label, at, Math.max(first, 1));
      const rest = page.series.slice(skip);
      const nodes = rest.slice(0, first);
      const { start: s, end: e } = at.range;
      const cursorOf = (_node: CountSeriesValue, i: number) => {
        const index = skip + i;
        return index === page.series.length - 1
          ? encodeCursor(CURSOR_KIND, binding, { c: page.nextCursor, o: 0, d: !page.hasNext, s, e })
          : encodeCursor(CURSOR_KIND, binding, { c: cursor, o: index + 1, s, e });
      };
      return toConnection(
        nodes,
        cursorOf,
        { hasNextPage: rest.length > nodes.length || page.hasNext, hasPreviousPage: false, totalCount: null },
        { warnings: page.warnings, effectiveRange: at.range },
      );
    },
  },
};
