/** One ready-made operation that GraphiQL opens as a tab. */
export interface Example {
  /** The file's base name, e.g. `10-iblai-user-costs`: identifies the example across rebuilds. */
  id: string;
  /** From the file's first line `# Title`; falls back to the id. */
  title: string;
  /** The whole file, comments included (they explain the example). */
  query: string;
  /** The sibling .json file's text, or null. */
  variables: string | null;
}

const BASE_NAME = /([^/]+)\.(graphql|json)$/;

function baseName(path: string): string | null {
  return BASE_NAME.exec(path)?.[1] ?? null;
}

/**
 * Pairs `<nn>-<name>.graphql` files with their optional `<nn>-<name>.json` variables and orders
 * them by file name, so each source's number range (iblai 10-19, call-counts 20-29, ...) decides
 * the tab order. Inputs are path → file text maps as import.meta.glob returns them.
 */
export function collectExamples(operations: Record<string, string>, variables: Record<string, string>): Example[] {
  const vars = new Map<string, string>();
  for (const [path, text] of Object.entries(variables)) {
    const id = baseName(path);
    if (id) vars.set(id, text.trim());
  }
  const examples: Example[] = [];
  for (const [path, text] of Object.entries(operations)) {
    const id = baseName(path);
    if (!id || text.trim() === '') continue;
    const firstLine = text.split('\n', 1)[0]!.trim();
    const title = firstLine.startsWith('#') ? firstLine.replace(/^#+\s*/, '').trim() : '';
    examples.push({ id, title: title || id, query: text.trimEnd() + '\n', variables: vars.get(id) ?? null });
  }
  return examples.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
