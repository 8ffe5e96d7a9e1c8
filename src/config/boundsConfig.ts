import { int, type Env } from './env.js';

/** How much work one request may cause: the largest upstream body and the largest answer. */
export interface BoundsConfig {
  /** MAX_UPSTREAM_BYTES: largest response body read from any one upstream call (default 32 MiB). */
  maxUpstreamBytes: number;
  /**
   * MAX_RESULT_CELLS: most scalar values an operation's answer may hold, estimated before any
   * upstream call (leaf fields × the list sizes above them); over it: QUERY_TOO_COMPLEX (default 100000).
   */
  maxResultCells: number;
  /**
   * LARGE_RESULT_CELLS: an operation whose estimated answer holds at least this many values is
   * large (default 50000): at most MAX_CONCURRENT_LARGE operations run at once, the others wait
   * (until their deadline, then RATE_LIMITED), and the answer is serialized in slices.
   */
  largeResultCells: number;
  /** MAX_CONCURRENT_LARGE: large operations run at once per process (default 2). */
  maxConcurrentLarge: number;
}

export const BOUNDS_VARIABLES = ['MAX_UPSTREAM_BYTES', 'MAX_RESULT_CELLS', 'LARGE_RESULT_CELLS', 'MAX_CONCURRENT_LARGE'] as const;

export const DEFAULT_BOUNDS: BoundsConfig = { maxUpstreamBytes: 33_554_432, maxResultCells: 100_000, largeResultCells: 50_000, maxConcurrentLarge: 2 };

export function readBoundsConfig(env: Env): BoundsConfig {
  return {
    maxUpstreamBytes: int(env, 'MAX_UPSTREAM_BYTES', DEFAULT_BOUNDS.maxUpstreamBytes, 1024, 1_073_741_824),
    maxResultCells: int(env, 'MAX_RESULT_CELLS', DEFAULT_BOUNDS.maxResultCells, 1, 100_000_000),
    largeResultCells: int(env, 'LARGE_RESULT_CELLS', DEFAULT_BOUNDS.largeResultCells, 1, 100_000_000),
    maxConcurrentLarge: int(env, 'MAX_CONCURRENT_LARGE', DEFAULT_BOUNDS.maxConcurrentLarge, 1, 1000),
  };
}
