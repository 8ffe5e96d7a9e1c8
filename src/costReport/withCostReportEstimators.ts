import { GatewayError } from '../errors.js';
import { parseDateTime } from '../lib/dateTime.js';
import type { Estimators } from '../limits/analyzeOperation.js';
import { argsOf, UNKNOWN_LIST } from '../limits/estimateHelpers.js';
import type { AnySourceDefinition, EstimateFrame, FieldEstimator } from '../sources/SourceDefinition.js';
import { MAX_REPORT_BUCKETS } from '../lib/calendarGrid.js';
import { planCostReport, type CostReportArgs, type CostReportPlan } from './planCostReport.js';

/**
 * The operation-cost estimators of `costReport`, added to the sources' own. Pricing the field
 * runs the report's whole validation (`planCostReport`): a report refused for its zone, its
 * sources, its buckets or its calls is refused here, during the estimate and so before the
 * operation-cost limit and before any resolver runs, as a request error (BAD_USER_INPUT).
 * Its lists are priced from the plan: buckets from the grid, per-source lists by the sources.
 * `CostSeries.points` under a report is the grid's buckets; elsewhere the sources' estimator
 * of that field (or the default) still prices it.
 */
export function withCostReportEstimators(estimators: Estimators, definitions: readonly AnySourceDefinition[]): Estimators {
  // The estimate walks one operation with one args object per field: plan each report once.
  const plans = new WeakMap<object, CostReportPlan>();
  const planOf = (args: Readonly<Record<string, unknown>> | undefined, now: number): CostReportPlan | undefined => {
    if (!args) return undefined;
    let plan = plans.get(args);
    if (!plan) {
      const report = reportArgs(args);
      if (!report) return undefined;
      try {
        plan = planCostReport(report, definitions, now);
      } catch (err) {
        throw asRequestError(err);
      }
      plans.set(args, plan);
    }
    return plan;
  };
  const fromReport = (pick: (plan: CostReportPlan) => number, fallback: number): FieldEstimator => (_args, ancestors, now) => {
    const plan = planOf(argsOf(ancestors, 'costReport'), now);
    return plan ? pick(plan) : fallback;
  };
  const sourcesOfReport = fromReport((p) => p.included.length, definitions.length);
  const points = estimators.get('CostSeries.points');

  const ours: Record<string, FieldEstimator> = {
    'Query.costReport': (args, _ancestors, now) => {
      planOf(args, now);
      return 1;
    },
    'CostReport.buckets': fromReport((p) => p.grid.buckets.length, MAX_REPORT_BUCKETS),
    'CostReport.series': sourcesOfReport,
    'CostReport.sources': sourcesOfReport,
    'CostReportBucket.bySource': sourcesOfReport,
    'CostSeries.points': (args, ancestors, now) =>
      underReport(ancestors)
        ? (planOf(argsOf(ancestors, 'costReport'), now)?.grid.buckets.length ?? MAX_REPORT_BUCKETS)
        : points
          ? points(args, ancestors, now)
          : UNKNOWN_LIST,
  };
  const merged = new Map(estimators);
  for (const [field, estimator] of Object.entries(ours)) {
    if (field !== 'CostSeries.points' && merged.has(field)) throw new Error(`A source estimates ${field}, which belongs to the cost report.`);
    merged.set(field, estimator);
  }
  return merged;
}

/** Whether a series is the report's (not one of a source's own fields). */
function underReport(ancestors: readonly EstimateFrame[]): boolean {
  return ancestors.some((f) => f.type === 'Query' && f.field === 'costReport');
}

/** A refusal during the estimate answers the whole request (HTTP 400 under graphql-response+json). */
function asRequestError(err: unknown): unknown {
  if (!(err instanceof GatewayError)) return err;
  return new GatewayError(err.code, err.message, { ...err.extensions, http: { status: 400 } });
}

const BUCKETS: ReadonlySet<unknown> = new Set(['HOUR', 'DAY', 'WEEK', 'MONTH']);

/** An instant as the estimate may see it: coerced (epoch ms, from a literal) or raw (from a variable). */
function instant(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? parseDateTime(value) : undefined;
}

/**
 * The report's arguments as the estimate sees them: literals come coerced, variables raw (they
 * are coerced only when execution starts). Anything that will not coerce is left to execution,
 * which answers it with its own error before any resolver runs.
 */
function reportArgs(args: Readonly<Record<string, unknown>>): CostReportArgs | undefined {
  const range = args.range as { start?: unknown; end?: unknown } | null | undefined;
  const { bucket, timezone, sources } = args;
  if (typeof range !== 'object' || range === null || !BUCKETS.has(bucket)) return undefined;
  if (typeof sources !== 'object' || sources === null || Array.isArray(sources)) return undefined;
  if (timezone !== undefined && timezone !== null && typeof timezone !== 'string') return undefined;
  const start = instant(range.start);
  const end = range.end === undefined || range.end === null ? null : instant(range.end);
  if (start === undefined || end === undefined) return undefined;
  return { range: { start, end }, bucket: bucket as CostReportArgs['bucket'], timezone, sources: sources as Record<string, unknown> };
}
