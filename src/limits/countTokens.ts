import { Lexer, Source, TokenKind } from 'graphql';

/**
 * Whether a document has more than `max` lexical tokens. Counts lazily and stops at max + 1,
 * so an oversized document costs at most that much lexing; a document that does not lex is
 * left to the parser (it answers GRAPHQL_PARSE_FAILED).
 */
export function exceedsTokenLimit(query: string, max: number): boolean {
  // Every token is at least one character: a document no longer than `max` needs no lexing
  // (most do; lexing each request cost ~5% CPU on a small query).
  if (query.length <= max) return false;
  const lexer = new Lexer(new Source(query));
  let n = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++n > max) return true;
    }
  } catch {
    return false;
  }
  return false;
}
