import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

export interface SelectedFieldOptions {
  /** Leave out selections under a directive (@skip/@include): only fields that surely run. */
  withoutDirectives?: boolean;
  /** Follow only fragments on this type (or untyped inline fragments). */
  onType?: string;
}

/**
 * The field nodes selected directly under the field being resolved, through inline fragments
 * and fragment spreads (a few levels deep), read from the AST without the schema: a resolver's
 * look-ahead, e.g. to check paging arguments or to load for all list items at once.
 */
export function selectedFieldNodes(info: GraphQLResolveInfo, options: SelectedFieldOptions = {}): FieldNode[] {
  const out: FieldNode[] = [];
  const follows = (type: string | undefined) => options.onType === undefined || type === undefined || type === options.onType;
  const walk = (set: SelectionSetNode | undefined, depth: number) => {
    if (!set || depth > 8) return;
    for (const sel of set.selections) {
      if (options.withoutDirectives && sel.directives?.length) continue;
      if (sel.kind === Kind.FIELD) out.push(sel);
      else if (sel.kind === Kind.INLINE_FRAGMENT) {
        if (follows(sel.typeCondition?.name.value)) walk(sel.selectionSet, depth + 1);
      } else {
        const fragment = info.fragments[sel.name.value];
        if (fragment && follows(fragment.typeCondition.name.value)) walk(fragment.selectionSet, depth + 1);
      }
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet, 0);
  return out;
}
