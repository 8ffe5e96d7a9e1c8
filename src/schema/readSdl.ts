import { readFileSync } from 'node:fs';

/**
 * Reads an SDL file that sits next to a module: `readSdl(import.meta.url, 'schema.graphql')`.
 * The build copies every `src/**\/*.graphql` beside its compiled module (scripts/copySdl.mjs).
 */
export function readSdl(moduleUrl: string, file: string): string {
  return readFileSync(new URL(file, moduleUrl), 'utf8');
}
