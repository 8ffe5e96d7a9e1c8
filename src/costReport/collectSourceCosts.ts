import { assertAllowed } from '../auth/authorize.js';
import type { GatewayContext } from '../context.js';
import { ErrorCode, GatewayError, UpstreamError } from '../errors.js';
import { createSemaphore } from '../resilience/semaphore.js';
import type { RootFieldPolicy } from '../sources/SourceDefinition.js';
import type { CostGrid, SourceCosts } from '../sources/SourceCostCapability.js';
import type { IncludedSource } from './planCostReport.js';

/** In-flight upstream calls of one report per source (the HTTP layer's own cap still applies). */
export const REPORT_CALLS_IN_FLIGHT_PER_SOURCE = 8;

/** A source's answer to the report, or why it has none. */
export type SourceOutcome =
  | { readonly source: string; readonly ok: true; readonly costs: SourceCosts }
  | { readonly source: string; readonly ok: false; readonly error: GatewayError };

/**
 * One included source's costs: authorized exactly like its own root fields (scope, then its
 * allow-list against the input), through the request's loaders of that source (whose getter
 * refuses an unconfigured source), every call under a per-source bound and the request
 * deadline. Never rejects: a failure becomes the outcome's error.
 */
export async function collectSourceCosts(included: IncludedSource, grid: CostGrid, ctx: GatewayContext): Promise<SourceOutcome> {
  const { definition, cost, input } = included;
  const source = definition.name;
  try {
    const policy: RootFieldPolicy = cost.allowListed ? { allowListed: (args) => cost.allowListed!(args) } : {};
    assertAllowed(ctx.principal, definition, policy, input as Record<string, unknown>);
    const loaders = (ctx.loaders as Readonly<Record<string, unknown>>)[definition.key];
    const costs = await cost.costs(input, grid, { loaders, scope: ctx, call: boundedCalls(source, ctx.deadline) });
    if (costs.perBucket.length !== grid.buckets.length) {
      throw new Error(`${source} answered ${costs.perBucket.length} costs for ${grid.buckets.length} buckets`);
    }
    return { source, ok: true, costs };
  } catch (err) {
    return { source, ok: false, error: asSourceError(err, source, ctx) };
  }
}

/** The `call` of one source: a semaphore, the deadline, and fail-fast after the first failure. */
function boundedCalls(source: string, deadline: number): <T>(fn: () => Promise<T>) => Promise<T> {
  const slots = createSemaphore(REPORT_CALLS_IN_FLIGHT_PER_SOURCE);
  let failure: unknown;
  let failed = false;
  const fail = (err: unknown) => {
    if (!failed) {
      failed = true;
      failure = err;
    }
    return failure;
  };
  return async (fn) => {
    if (failed) throw failure;
    if (!(await slots.acquire(deadline))) {
      throw fail(new UpstreamError(ErrorCode.UPSTREAM_TIMEOUT, source, `${source} did not answer every call of the cost report before the request's deadline.`));
    }
    try {
      // The source already failed while this call waited: its answer could not be used.
      if (failed) throw failure;
      return await fn();
    } catch (err) {
      throw fail(err);
    } finally {
      slots.release();
    }
  };
}

/** Our error with the source named on it; anything else is our bug, logged and masked. */
function asSourceError(err: unknown, source: string, ctx: GatewayContext): GatewayError {
  if (err instanceof GatewayError) {
    if (err.extensions.source === source) return err;
    return new GatewayError(err.code, err.message, { ...err.extensions, source });
  }
  ctx.logger.error({ err, source }, 'unexpected error in a cost report source');
  return new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, `${source} failed unexpectedly; the error is logged with this request's id.`, { source });
}
