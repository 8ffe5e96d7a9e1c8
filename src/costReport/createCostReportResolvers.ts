import type { CostReport, Resolvers, Source } from '../generated/graphql.js';
import { compareDecimals, sumDecimals, type DecimalString } from '../lib/decimal.js';
import { ErrorGroup } from '../lib/errorGroup.js';
import type { AnySourceDefinition } from '../sources/SourceDefinition.js';
import type { CostGrid } from '../sources/SourceCostCapability.js';
import { collectSourceCosts, type SourceOutcome } from './collectSourceCosts.js';
import { planCostReport, type CostReportArgs, type CostReportPlan } from './planCostReport.js';

/** Money as the report writes it: exact, and zero as "0" whatever scale its terms had. */
function money(amount: DecimalString) {
  return { amount: compareDecimals(amount, '0') === 0 ? '0' : amount, currency: 'USD' };
}

/**
 * The `costReport` field over the given definitions (it belongs to no source: each included
 * source is authorized on its own). Its limits were already checked by the operation-cost
 * estimate; the plan is made again here from the same arguments (pure and cheap).
 */
export function createCostReportResolvers(definitions: readonly AnySourceDefinition[]): Resolvers {
  return {
    Query: {
      async costReport(_root, args, ctx) {
        const plan = planCostReport(args as unknown as CostReportArgs, definitions, ctx.now);
        const outcomes = await Promise.all(plan.included.map((s) => collectSourceCosts(s, plan.grid, ctx)));
        const failures = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
        if (failures.length === outcomes.length) throw new ErrorGroup('Every source of the cost report failed.', failures);
        return toCostReport(plan, outcomes);
      },
    },
  };
}

/** The report of the sources that answered; the failed ones only in `sources`. */
export function toCostReport(plan: CostReportPlan, outcomes: readonly SourceOutcome[]): CostReport {
  const { grid } = plan;
  const answered = outcomes.flatMap((o) => (o.ok ? [{ source: o.source as Source, perBucket: o.costs.perBucket }] : []));
  const bucketTotals = grid.buckets.map((_b, i) => sumDecimals(answered.map((a) => a.perBucket[i]!)));
  return {
    timezone: grid.timezone,
    bucket: grid.bucket,
    effectiveRange: grid.effective,
    buckets: grid.buckets.map((b, i) => ({
      start: b.start,
      end: b.end,
      total: money(bucketTotals[i]!),
      bySource: answered.map((a) => ({ source: a.source, cost: money(a.perBucket[i]!) })),
    })),
    series: answered.map((a) => series(grid, a.source, a.perBucket)),
    total: money(sumDecimals(bucketTotals)),
    sources: outcomes.map((o) =>
      o.ok
        ? { source: o.source as Source, status: o.costs.status, reason: o.costs.reason ?? null, code: null }
        : { source: o.source as Source, status: 'FAILED' as const, reason: o.error.message, code: o.error.code },
    ),
  };
}

function series(grid: CostGrid, source: Source, perBucket: readonly DecimalString[]): CostReport['series'][number] {
  return {
    source,
    key: source,
    label: null,
    currency: 'USD',
    total: money(sumDecimals(perBucket)),
    totalTokens: null,
    points: grid.buckets.map((b, i) => ({ start: b.start, end: b.end, cost: money(perBucket[i]!), tokens: null })),
    effectiveRange: grid.effective,
  };
}
