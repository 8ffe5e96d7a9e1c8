import { parse, visit, type DocumentNode } from 'graphql';

/** A character beyond Latin-1: V8 then keeps the whole text, and every slice of it, two-byte. */
const BEYOND_LATIN1 = /[\u0100-\uffff]/;

/**
 * Parses SDL with every name (type, field, argument, enum value) as a one-byte string, whatever
 * the descriptions hold. Why: graphql-js slices names out of the SDL text, and V8 keeps a slice
 * of a two-byte string two-byte; one `…` in a description made every enum value of its file
 * two-byte, and one such value in an answer makes `JSON.stringify` write the rest of the answer
 * two-byte (twice the memory, a slower copy and encoding: workload 4 of the bench paid 10-16% of
 * its CPU per request for it). Names are ASCII by the GraphQL grammar, so a Latin-1 round trip
 * copies them exactly.
 */
export function parseSdl(sdl: string): DocumentNode {
  const document = parse(sdl);
  if (!BEYOND_LATIN1.test(sdl)) return document;
  return visit(document, { Name: (node) => ({ ...node, value: Buffer.from(node.value, 'latin1').toString('latin1') }) });
}
