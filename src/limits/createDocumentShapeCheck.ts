import { parse, type DocumentNode } from 'graphql';
import type { LimitsConfig } from '../config/limitsConfig.js';
import { measureDocumentShape } from './measureDocumentShape.js';

/** Most selections a document may expand to through its fragment spreads (far above real documents). */
export const MAX_EXPANDED_SELECTIONS = 50_000;

/** Why a document is refused: the message names the measure and the limit. */
export interface ShapeRefusal {
  message: string;
  extensions: { limit: number; [measure: string]: unknown };
}

/**
 * Checks the raw document's nesting depth (fields and fragments), aliases and fragment
 * expansion before Apollo validates it: validation of a pathological document (hundreds of
 * nested inline fragments) costs far more CPU than this parse and walk. Verdicts are
 * remembered (bounded by count and characters), so a repeated document is parsed once here,
 * as Apollo's own document cache does after us. A document that does not parse is left to
 * Apollo (GRAPHQL_PARSE_FAILED).
 */
export function createDocumentShapeCheck(
  limits: Pick<LimitsConfig, 'maxDepth' | 'maxAliases' | 'maxTokens'>,
  { maxDocuments = 1000, maxChars = 2_000_000 }: { maxDocuments?: number; maxChars?: number } = {},
): (query: string) => ShapeRefusal | undefined {
  // Verdicts of recent documents, refusals included: a repeated document is parsed once.
  const verdicts = new Map<string, ShapeRefusal | null>();
  let chars = 0;
  const remember = (query: string, verdict: ShapeRefusal | null) => {
    verdicts.set(query, verdict);
    chars += query.length;
    for (const key of verdicts.keys()) {
      if (verdicts.size <= maxDocuments && chars <= maxChars) break;
      verdicts.delete(key);
      chars -= key.length;
    }
    return verdict ?? undefined;
  };
  return (query) => {
    const known = verdicts.get(query);
    if (known !== undefined) {
      verdicts.delete(query); // re-inserted last: Map order is the LRU order
      verdicts.set(query, known);
      return known ?? undefined;
    }
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: limits.maxTokens + 1, noLocation: true });
    } catch {
      return undefined;
    }
    const m = measureDocumentShape(document, { maxSelections: MAX_EXPANDED_SELECTIONS });
    if (m.truncated) {
      return remember(query, {
        message: `The document's fragment spreads expand to more than ${MAX_EXPANDED_SELECTIONS} selections; the limit is ${MAX_EXPANDED_SELECTIONS}.`,
        extensions: { limit: MAX_EXPANDED_SELECTIONS },
      });
    }
    if (m.depth > limits.maxDepth) {
      return remember(query, { message: `The document is ${m.depth} levels deep, counting fragments; the limit is ${limits.maxDepth}.`, extensions: { depth: m.depth, limit: limits.maxDepth } });
    }
    if (m.aliases > limits.maxAliases) {
      return remember(query, { message: `The document uses ${m.aliases} aliases; the limit is ${limits.maxAliases}.`, extensions: { aliases: m.aliases, limit: limits.maxAliases } });
    }
    return remember(query, null);
  };
}
