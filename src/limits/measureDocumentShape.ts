import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionNode } from 'graphql';

/** What the pre-validation limits measure of a parsed document (no schema needed). */
export interface DocumentShape {
  /**
   * Deepest nesting of any operation (or fragment definition no operation uses): every field,
   * inline fragment and fragment spread is one level, a spread's fragment one level below it.
   */
  depth: number;
  /** Most aliases of one operation, each fragment spread's aliases counted again. */
  aliases: number;
  /** Fragment spreads expanded, in the whole document. */
  spreads: number;
  /** Selections visited with spreads expanded, in the whole document. */
  selections: number;
  /** The walk stopped at `maxSelections`: the other numbers are lower bounds. */
  truncated: boolean;
}

interface Frame {
  selections: readonly SelectionNode[];
  next: number;
  /** The level of the selections of this set (the root set's are level 1). */
  depth: number;
  /** The fragment this set is the body of, while it is on the path (cycle guard). */
  fragment?: string;
}

/**
 * Measures a parsed document before validation, so that pathological nesting, aliasing or
 * fragment expansion is refused before validation pays for it. A spread of a fragment that is
 * already being expanded on the same path (a cycle) or that does not exist is not followed:
 * validation reports those. The walk is iterative (no stack overflow on deep documents) and
 * stops after `maxSelections` visits.
 */
export function measureDocumentShape(document: DocumentNode, { maxSelections = 50_000 }: { maxSelections?: number } = {}): DocumentShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const shape: DocumentShape = { depth: 0, aliases: 0, spreads: 0, selections: 0, truncated: false };
  const reached = new Set<string>();

  /** Walks one root; returns its alias count, or undefined once the visit budget is spent. */
  const walk = (root: readonly SelectionNode[], rootDepth: number, rootFragment?: string): number | undefined => {
    let aliases = 0;
    const onPath = new Set<string>(rootFragment ? [rootFragment] : []);
    const stack: Frame[] = [{ selections: root, next: 0, depth: rootDepth, fragment: rootFragment }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next >= top.selections.length) {
        stack.pop();
        if (top.fragment) onPath.delete(top.fragment);
        continue;
      }
      const sel = top.selections[top.next++]!;
      if (++shape.selections > maxSelections) {
        shape.truncated = true;
        return undefined;
      }
      if (top.depth > shape.depth) shape.depth = top.depth;
      if (sel.kind === Kind.FIELD) {
        if (sel.alias) aliases++;
        if (sel.selectionSet) stack.push({ selections: sel.selectionSet.selections, next: 0, depth: top.depth + 1 });
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        stack.push({ selections: sel.selectionSet.selections, next: 0, depth: top.depth + 1 });
      } else {
        shape.spreads++;
        const name = sel.name.value;
        const frag = fragments.get(name);
        if (!frag || onPath.has(name)) continue;
        reached.add(name);
        onPath.add(name);
        stack.push({ selections: frag.selectionSet.selections, next: 0, depth: top.depth + 1, fragment: name });
      }
    }
    return aliases;
  };

  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const aliases = walk(d.selectionSet.selections, 1);
    if (aliases === undefined) return shape;
    shape.aliases = Math.max(shape.aliases, aliases);
  }
  // Fragments no operation spreads still cost validation: measured as if spread at the root.
  for (const [name, frag] of fragments) {
    if (reached.has(name)) continue;
    const aliases = walk(frag.selectionSet.selections, 2, name);
    if (aliases === undefined) return shape;
    shape.aliases = Math.max(shape.aliases, aliases);
  }
  return shape;
}
