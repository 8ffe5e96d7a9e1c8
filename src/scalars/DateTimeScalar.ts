import { GraphQLScalarType, Kind } from 'graphql';
import { badUserInput } from '../errors.js';
import { formatDateTime, parseDateTime } from '../lib/dateTime.js';

function parse(value: unknown): number {
  const ms = typeof value === 'string' ? parseDateTime(value) : undefined;
  if (ms === undefined) {
    throw badUserInput(
      `DateTime must be an RFC 3339 date-time with an offset, such as "2026-11-01T00:00:00Z", but got ${JSON.stringify(value)?.slice(0, 60)}.`,
    );
  }
  return ms;
}

/** RFC 3339 in with any offset; out always UTC, `YYYY-MM-DDTHH:MM:SSZ` (ms only when non-zero). Internally epoch ms. */
export const DateTimeScalar = new GraphQLScalarType<number, string>({
  name: 'DateTime',
  description: 'An instant. Input: RFC 3339 with any offset. Output: UTC, `YYYY-MM-DDTHH:MM:SSZ`, with milliseconds only when not zero.',
  serialize(value) {
    if (typeof value === 'number' && Number.isFinite(value)) return formatDateTime(value);
    if (value instanceof Date) return formatDateTime(value.getTime());
    if (typeof value === 'string') return formatDateTime(parse(value));
    throw new TypeError(`DateTime cannot represent ${typeof value}`);
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badUserInput('DateTime must be a string such as "2026-11-01T00:00:00Z".');
    return parse(ast.value);
  },
});
