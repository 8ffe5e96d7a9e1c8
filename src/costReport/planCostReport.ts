import { ErrorCode, GatewayError, badUserInput } from '../errors.js';
import { resolveTimeRange, type TimeRangeInput } from '../lib/timeRange.js';
import type { AnySourceDefinition } from '../sources/SourceDefinition.js';
import type { CostGrid, SourceCostCapability } from '../sources/SourceCostCapability.js';
import { calendarGrid, validateTimeZone, type CalendarBucket } from '../lib/calendarGrid.js';

/** The most upstream calls one report may be estimated to make, over all its sources. */
export const MAX_REPORT_CALLS = 400;

/** The `costReport` arguments as the schema delivers them (DateTime as epoch ms). */
export interface CostReportArgs {
  range: TimeRangeInput;
  bucket: CalendarBucket;
  timezone?: string | null;
  sources: Readonly<Record<string, unknown>>;
}

/** A source the report includes: its definition, its input and its estimated calls. */
export interface IncludedSource {
  readonly definition: AnySourceDefinition;
  readonly cost: SourceCostCapability;
  readonly input: unknown;
  readonly calls: number;
}

/** A validated report: its grid and its sources in `Source` order, within every limit. */
export interface CostReportPlan {
  readonly grid: CostGrid;
  readonly included: readonly IncludedSource[];
  /** Estimated upstream calls over all sources. */
  readonly calls: number;
}

/**
 * Validates a report and prices it before anything runs: the time zone, at least one source,
 * the grid (at most MAX_REPORT_BUCKETS buckets), each source's own input and call estimate,
 * and at most MAX_REPORT_CALLS estimated calls in total. Every refusal is BAD_USER_INPUT.
 * Pure: the operation-cost estimate and the resolver both call it.
 */
export function planCostReport(args: CostReportArgs, definitions: readonly AnySourceDefinition[], now: number): CostReportPlan {
  const timezone = validateTimeZone(args.timezone ?? 'UTC');
  const reporting = definitions.filter((d): d is AnySourceDefinition & { cost: SourceCostCapability } => d.cost !== undefined);
  const given = args.sources ?? {};
  const chosen = reporting.filter((d) => given[d.cost.inputField] !== undefined && given[d.cost.inputField] !== null);
  if (chosen.length === 0) {
    const fields = reporting.map((d) => `\`${d.cost.inputField}\``).join(', ');
    throw badUserInput(`\`sources\` must include at least one source (${fields}).`);
  }
  const grid: CostGrid = { ...calendarGrid(resolveTimeRange(args.range, now), args.bucket, timezone), bucket: args.bucket };
  const included = chosen.map((d) => {
    const input = given[d.cost.inputField];
    return { definition: d, cost: d.cost, input, calls: planOne(d.cost, input, grid) };
  });
  const calls = included.reduce((n, s) => n + s.calls, 0);
  if (calls > MAX_REPORT_CALLS) {
    const bySource = included.map((s) => `${s.definition.name} ${s.calls}`).join(', ');
    throw badUserInput(
      `The report would make about ${calls} upstream calls (${bySource}); the limit is ${MAX_REPORT_CALLS}. Choose a shorter range, a larger bucket or fewer sources.`,
      { estimatedCalls: calls, limit: MAX_REPORT_CALLS },
    );
  }
  return { grid, included, calls };
}

/** One source's plan; its input mistakes are named under `sources.<field>`. */
function planOne(cost: SourceCostCapability, input: unknown, grid: CostGrid): number {
  try {
    const { calls } = cost.plan(input, grid);
    if (!Number.isSafeInteger(calls) || calls < 0) throw new Error(`the ${cost.inputField} cost plan estimated ${calls} calls, not a count`);
    return calls;
  } catch (err) {
    if (err instanceof GatewayError && err.code === ErrorCode.BAD_USER_INPUT) {
      throw badUserInput(`In \`sources.${cost.inputField}\`: ${err.message}`);
    }
    throw err;
  }
}
