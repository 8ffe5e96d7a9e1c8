import { UpstreamError, badUserInput } from '../../errors.js';
import type { Resolvers } from '../../generated/graphql.js';
import { resolveFirst, toConnection } from '../../lib/connection.js';
import { bindingOf, cursorInt, decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { pathSegment } from '../../lib/pathSegment.js';
import { resolveTimeRange } from '../../lib/timeRange.js';
import { toIblaiDays } from './mapping.js';
import { USER_COSTS_DEFAULT_FIRST, USER_COSTS_MAX_FIRST } from './paging.js';

/** iblai fields: arguments validated here, data from the per-request loaders only. */
export const iblaiResolvers: Resolvers = {
  Query: {
    async userCosts(_root, args, ctx) {
      pathSegment('org', args.org);
      pathSegment('userId', args.userId);
      const first = resolveFirst(args.first, USER_COSTS_DEFAULT_FIRST, USER_COSTS_MAX_FIRST);
      // The cursor is bound to the arguments as given (end may be "now"), and carries the
      // resolved days so page 2 asks for exactly the range page 1 did.
      const binding = bindingOf(['userCosts', args.org, args.userId, args.range.start, args.range.end ?? null]);
      let offset = 0;
      let days;
      if (args.after != null) {
        const c = decodeCursor('userCosts', binding, args.after);
        offset = cursorInt(c, 'i') + 1;
        // The days may lie before 1970: s and e are any safe integers (cursorInt wants >= 0).
        const { s, e } = c;
        if (typeof s !== 'number' || typeof e !== 'number' || !Number.isSafeInteger(s) || !Number.isSafeInteger(e) || !(s < e)) {
          throw badUserInput('`after` is not a valid cursor.');
        }
        days = toIblaiDays({ start: s, end: e });
      } else {
        days = toIblaiDays(resolveTimeRange(args.range, ctx));
      }
      // first: 0 still asks for one row, to learn `count` (an empty page with a true total).
      const page = await ctx.loaders.iblai.perUserCosts.load({
        org: args.org,
        userId: args.userId,
        startDate: days.startDate,
        endDate: days.endDate,
        limit: Math.max(first, 1),
        offset,
      });
      const rows = page.rows.slice(0, first);
      const { start, end } = days.effective;
      return toConnection(
        rows,
        (_n, i) => encodeCursor('userCosts', binding, { i: offset + i, s: start, e: end }),
        { hasNextPage: offset + rows.length < page.count, hasPreviousPage: offset > 0, totalCount: page.count },
        { effectiveRange: days.effective },
      );
    },
    mentorSummary(_root, args, ctx) {
      pathSegment('org', args.org);
      pathSegment('userId', args.userId);
      return ctx.loaders.iblai.mentorSummary.load({ org: args.org, userId: args.userId });
    },
    mentorDetail(_root, args, ctx) {
      pathSegment('org', args.org);
      pathSegment('userId', args.userId);
      return ctx.loaders.iblai.mentorDetail.load({ org: args.org, userId: args.userId });
    },
  },

  // A field the row could not answer raises its error here: null at this path, the page intact.
  UserCost: {
    id: (p) => answered(p.id),
    date: (p) => answered(p.date),
    totalCost: (p) => answered(p.totalCost),
  },
};

function answered<T>(v: T | UpstreamError): T {
  if (v instanceof UpstreamError) throw v;
  return v;
}
