/** Wire shapes of iblai ai-analytics. Everything is `unknown`-safe: mapping validates. */
import type { UpstreamError } from '../../errors.js';
import type { Money, SessionCost } from '../../generated/graphql.js';

export interface IblaiSessionRow {
  session_id?: unknown;
  cost?: unknown;
}

/** A `results` row. Tolerated: `user_id` or `name` instead of `username`; no `user_sessions`; extra keys. */
export interface IblaiUserCostRow {
  id?: unknown;
  date?: unknown;
  username?: unknown;
  user_id?: unknown;
  name?: unknown;
  total_cost?: unknown;
  user_sessions?: unknown;
}

export interface IblaiPerUserBody {
  count?: unknown;
  next?: unknown;
  previous?: unknown;
  results?: unknown;
}

export interface IblaiMentorBody {
  total_mentors?: unknown;
  active_mentors?: unknown;
  total_questions_answered?: unknown;
  total_ratings?: unknown;
}

/** Query of `costs/peruser/`: inclusive whole days. */
export interface IblaiPerUserParams {
  org: string;
  userId: string;
  startDate: string;
  endDate: string;
  limit: number;
  offset: number;
}

/**
 * The parent value of `UserCost`. A field the row cannot answer holds the error its resolver
 * raises at that field's path (the row and the page still arrive).
 */
export interface UserCostValue {
  id: string | null | UpstreamError;
  username: string;
  /** Epoch ms. */
  date: number | null | UpstreamError;
  totalCost: Money | UpstreamError;
  sessions: SessionCost[];
}
