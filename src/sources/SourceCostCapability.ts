import type { CalendarBucket, CalendarGrid } from '../lib/calendarGrid.js';
import type { DecimalString } from '../lib/decimal.js';
import type { RequestScope } from './scope.js';

/**
 * A source's part in the cross-source cost report (`SourceDefinition.cost`). The report names
 * no backend: it finds each source's field of `CostReportSources` through `inputField`,
 * validates and prices the request with `plan` before anything runs, authorizes the input like
 * a root field of the source, and asks `costs` for one exact amount per bucket.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each source types its own input
export interface SourceCostCapability<Input = any, Loaders = unknown> {
  /**
   * The source's field of `CostReportSources`, e.g. its key, declared in its own SDL with
   * `extend input CostReportSources { <inputField>: <Input type> }`.
   */
  readonly inputField: string;
  /**
   * Validates the input (BAD_USER_INPUT, messages naming the input's own fields) and estimates
   * the upstream calls `costs` will make for this grid. Runs in the operation-cost estimate,
   * before any resolver, so it must be pure and cheap.
   */
  plan(input: Input, grid: CostGrid): CostPlan;
  /**
   * The allow-listed values the input reads, checked against the caller's allow-list exactly
   * like the source's root fields (`RootFieldPolicy.allowListed`); `'all'` when it spans every
   * entity. Default: the source's scope alone decides.
   */
  readonly allowListed?: (input: Input) => readonly unknown[] | 'all';
  /**
   * The source's cost in every bucket of `grid`, through the request's own loaders (so calls
   * are shared and single-flighted with every other field), each call wrapped in `ctx.call`.
   * Rejects when the source cannot answer (the report then marks it FAILED).
   */
  costs(input: Input, grid: CostGrid, ctx: CostCallContext<Loaders>): Promise<SourceCosts>;
}

/** The report's calendar: the grid of `calendarGrid` and its bucket kind. */
export interface CostGrid extends CalendarGrid {
  readonly bucket: CalendarBucket;
}

/** What a source expects to cost a report before it runs. */
export interface CostPlan {
  /** Upstream calls the source will make (the report refuses more than its limit in total). */
  readonly calls: number;
}

/** One source's answer to a report. */
export interface SourceCosts {
  /** EXACT when every bucket holds exactly its own cost; APPROXIMATE otherwise (with `reason`). */
  readonly status: 'EXACT' | 'APPROXIMATE';
  /** Why APPROXIMATE: how the source's numbers were attributed to the buckets. */
  readonly reason?: string;
  /** USD per bucket of the grid, in order, exact (plain decimal strings). */
  readonly perBucket: readonly DecimalString[];
}

/** What `costs` works with. */
export interface CostCallContext<Loaders> {
  /** The request's loaders of this source (`ctx.loaders.<key>`). */
  readonly loaders: Loaders;
  /** The request's clock, deadline and logger. */
  readonly scope: RequestScope;
  /**
   * Runs one upstream call within the report's per-source concurrency bound and the request's
   * deadline. After one call of the source failed, further calls fail at once with that error.
   */
  call<T>(fn: () => Promise<T>): Promise<T>;
}
