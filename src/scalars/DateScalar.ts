import { GraphQLScalarType, Kind } from 'graphql';
import { badUserInput } from '../errors.js';
import { parseDate } from '../lib/dateTime.js';

function parse(value: unknown): string {
  if (typeof value !== 'string' || parseDate(value) === undefined) {
    throw badUserInput(`Date must be a calendar date "YYYY-MM-DD", but got ${JSON.stringify(value)?.slice(0, 40)}.`);
  }
  return value;
}

/** A calendar date `YYYY-MM-DD` (no time zone). Internally the same string. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, `YYYY-MM-DD`.',
  serialize(value) {
    if (typeof value === 'string' && parseDate(value) !== undefined) return value;
    throw new TypeError(`Date cannot represent ${JSON.stringify(value)}`);
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badUserInput('Date must be a string "YYYY-MM-DD".');
    return parse(ast.value);
  },
});
