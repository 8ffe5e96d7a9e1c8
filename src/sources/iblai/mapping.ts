import { ErrorCode, UpstreamError, upstreamContractError } from '../../errors.js';
import { MS_PER_DAY, formatDate, parseDate, parseDateTime, startOfUtcDay } from '../../lib/dateTime.js';
import { toDecimal } from '../../lib/decimal.js';
import type { ResolvedRange } from '../../lib/timeRange.js';
import type { MentorSummary } from '../../generated/graphql.js';
import type { IblaiMentorBody, IblaiPerUserBody, IblaiUserCostRow, UserCostValue } from './types.js';

/** iblai's inclusive day range for a half-open range, widened outward to UTC midnights. */
const contract = (what: string) => upstreamContractError('IBLAI', what);

export interface IblaiDays {
  startDate: string;
  endDate: string;
  /** The widened half-open range those days cover. */
  effective: ResolvedRange;
}

/**
 * [start, end) → whole UTC days: start rounds down to its midnight, end rounds up; iblai's
 * `end_date` is then the day before the widened end (both ends are included upstream).
 */
export function toIblaiDays(range: ResolvedRange): IblaiDays {
  const start = startOfUtcDay(range.start);
  const endFloor = startOfUtcDay(range.end);
  const end = endFloor === range.end ? range.end : endFloor + MS_PER_DAY;
  return { startDate: formatDate(start), endDate: formatDate(end - MS_PER_DAY), effective: { start, end } };
}

function money(value: unknown, what: string) {
  const amount = toDecimal(value);
  if (amount === undefined) throw contract(`${what} is not a number`);
  return { amount, currency: 'USD' };
}

/** An error for one field of one row (raised at that field's path, not for the page). */
const rowFieldError = (what: string) =>
  new UpstreamError(ErrorCode.UPSTREAM_BAD_RESPONSE, 'IBLAI', `IBLAI reported ${what} for this user, so the field is null.`);

function rowTotalCost(v: unknown): UserCostValue['totalCost'] {
  if (v === undefined || v === null) return rowFieldError('no total_cost');
  const amount = toDecimal(v);
  return amount === undefined ? rowFieldError('a total_cost that is not a number') : { amount, currency: 'USD' };
}

function rowDate(v: unknown): UserCostValue['date'] {
  if (v === undefined || v === null || v === '') return null;
  const t = typeof v === 'string' ? (parseDateTime(v) ?? parseDate(v)) : undefined;
  return t ?? rowFieldError('a date that is not a date-time');
}

function rowId(v: unknown): UserCostValue['id'] {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : rowFieldError('an id that is not a string');
}

/**
 * One `results` row → UserCost (tolerates user_id/name for username, missing sessions, and the
 * documentation's `{id, name, date}` rows, whose missing cost is an error of that one field).
 */
export function toUserCost(row: unknown): UserCostValue {
  if (typeof row !== 'object' || row === null) throw contract('a result row is not an object');
  const r = row as IblaiUserCostRow;
  const name = r.username ?? r.user_id ?? r.name;
  if (typeof name !== 'string' && typeof name !== 'number') throw contract('a result row has no username');
  const sessionsRaw = r.user_sessions ?? [];
  if (!Array.isArray(sessionsRaw)) throw contract('user_sessions is not a list');
  return {
    id: rowId(r.id),
    username: String(name),
    date: rowDate(r.date),
    totalCost: rowTotalCost(r.total_cost),
    sessions: sessionsRaw.map((s: unknown) => {
      const sr = (s ?? {}) as { session_id?: unknown; cost?: unknown };
      if (typeof sr.session_id !== 'string' && typeof sr.session_id !== 'number') throw contract('a session has no session_id');
      return { sessionId: String(sr.session_id), cost: money(sr.cost, 'session cost') };
    }),
  };
}

/** A validated `costs/peruser/` page: total rows and this page's user costs. */
export interface IblaiPerUserPage {
  count: number;
  rows: UserCostValue[];
}

export function toPerUserPage(body: IblaiPerUserBody): IblaiPerUserPage {
  if (typeof body !== 'object' || body === null) throw contract('the body is not an object');
  if (!Number.isSafeInteger(body.count) || (body.count as number) < 0) throw contract('count is not a non-negative integer');
  if (!Array.isArray(body.results)) throw contract('results is not a list');
  return { count: body.count as number, rows: body.results.map(toUserCost) };
}

function int(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw contract(`${what} is not an integer`);
  return value;
}

export function toMentorSummary(body: IblaiMentorBody): MentorSummary {
  if (typeof body !== 'object' || body === null) throw contract('the body is not an object');
  return {
    totalMentors: int(body.total_mentors, 'total_mentors'),
    activeMentors: int(body.active_mentors, 'active_mentors'),
    totalQuestionsAnswered: int(body.total_questions_answered, 'total_questions_answered'),
    totalRatings: int(body.total_ratings, 'total_ratings'),
  };
}
