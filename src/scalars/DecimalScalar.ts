import { GraphQLScalarType, Kind } from 'graphql';
import { badUserInput } from '../errors.js';
import { isDecimalString, toDecimal } from '../lib/decimal.js';

function parse(value: unknown): string {
  if (typeof value === 'string' && isDecimalString(value)) return value;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  throw badUserInput(
    `Decimal must be a plain decimal string such as "0.00150" (floats lose precision, so send a string), but got ${JSON.stringify(value)?.slice(0, 40)}.`,
  );
}

/** An exact decimal, serialized as a plain-notation string ("0.00150"); never a float. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number as a plain-notation string, e.g. "0.00150". Never a float, never exponent notation.',
  serialize(value) {
    const d = toDecimal(value);
    if (d === undefined) throw new TypeError(`Decimal cannot represent ${JSON.stringify(value)}`);
    return d;
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING) return parse(ast.value);
    if (ast.kind === Kind.INT) return parse(Number(ast.value));
    throw badUserInput('Decimal must be a string such as "0.00150".');
  },
});
