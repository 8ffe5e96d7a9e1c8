import { int, type Env } from './env.js';

/** Document limits checked before any upstream call. */
export interface LimitsConfig {
  /** MAX_DEPTH (default 12), MAX_ALIASES (64), MAX_ROOT_FIELDS (32), MAX_TOKENS (5000), MAX_QUERY_COST (250000). */
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxTokens: number;
  maxCost: number;
}

/** RATE_LIMIT_RPS / RATE_LIMIT_BURST: token bucket per principal (rps 0 = off). */
export interface RateLimitConfig {
  rps: number;
  burst: number;
}

export const LIMITS_VARIABLES = ['MAX_DEPTH', 'MAX_ALIASES', 'MAX_ROOT_FIELDS', 'MAX_TOKENS', 'MAX_QUERY_COST', 'RATE_LIMIT_RPS', 'RATE_LIMIT_BURST'] as const;

export function readLimitsConfig(env: Env): LimitsConfig {
  return {
    maxDepth: int(env, 'MAX_DEPTH', 12, 2, 100),
    maxAliases: int(env, 'MAX_ALIASES', 64, 0, 10_000),
    maxRootFields: int(env, 'MAX_ROOT_FIELDS', 32, 1, 10_000),
    maxTokens: int(env, 'MAX_TOKENS', 5000, 50, 1_000_000),
    maxCost: int(env, 'MAX_QUERY_COST', 250_000, 1, 1_000_000_000),
  };
}

export function readRateLimitConfig(env: Env): RateLimitConfig {
  return { rps: int(env, 'RATE_LIMIT_RPS', 20, 0, 1_000_000), burst: int(env, 'RATE_LIMIT_BURST', 100, 1, 10_000_000) };
}
