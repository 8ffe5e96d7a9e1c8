import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentHash } from '../config/documentsConfig.js';

/**
 * Documents the GraphiQL page itself sends (besides the examples). Keep in step with
 * graphiql/src/fetcher.ts (a test checks it).
 */
export const PAGE_DOCUMENTS: readonly string[] = ['{ gateway { demo } }'];

/**
 * The trusted documents of the GraphiQL examples (graphiql/examples/*.graphql), of the GraphiQL
 * page and of the dashboard (dashboard/documents/*.graphql):
 * each example both as the file holds it and as GraphiQL sends it (trailing blank lines trimmed
 * to one newline). The build writes this as dist/trusted-documents.json.
 */
export function documentsFromExamples(examplesDir: string, pageDocumentsDir?: string): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (document: string) => {
    if (document.trim() !== '') out[documentHash(document)] = document;
  };
  for (const d of PAGE_DOCUMENTS) add(d);
  // The dashboard's operations, as the page sends them (a test keeps them equal to the page's).
  if (pageDocumentsDir && existsSync(pageDocumentsDir)) {
    for (const name of readdirSync(pageDocumentsDir).filter((n) => n.endsWith('.graphql')).sort()) add(readFileSync(join(pageDocumentsDir, name), 'utf8').trimEnd());
  }
  for (const name of readdirSync(examplesDir).filter((n) => n.endsWith('.graphql')).sort()) {
    const text = readFileSync(join(examplesDir, name), 'utf8');
    add(text);
    add(text.trimEnd() + '\n');
  }
  return out;
}

/**
 * The built-in documents: the manifest the build wrote beside the compiled code
 * (dist/trusted-documents.json), or, when running from source, the examples themselves.
 */
export function builtInDocuments(): Record<string, string> {
  const built = fileURLToPath(new URL('../../trusted-documents.json', import.meta.url));
  if (existsSync(built)) return JSON.parse(readFileSync(built, 'utf8')) as Record<string, string>;
  const examples = fileURLToPath(new URL('../../graphiql/examples/', import.meta.url));
  const dashboard = fileURLToPath(new URL('../../dashboard/documents/', import.meta.url));
  return existsSync(examples) ? documentsFromExamples(examples, dashboard) : Object.fromEntries(PAGE_DOCUMENTS.map((d) => [documentHash(d), d]));
}
