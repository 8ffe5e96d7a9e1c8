import { createHash } from 'node:crypto';
import { bool, ConfigError, readNamedFile, type Env } from './env.js';

/** Persisted and trusted documents. */
export interface DocumentsConfig {
  /**
   * TRUSTED_DOCUMENTS: a JSON manifest `{ "<sha256 hex>": "<document>" }` (graphql-codegen's
   * client preset with sha256 hashing), or Apollo's persisted-query manifest, read at start-up.
   */
  trusted: Readonly<Record<string, string>>;
  /** TRUSTED_DOCUMENTS_ONLY: refuse every document not in the manifest (default false), except for the `any-document` scope. */
  trustedOnly: boolean;
}

export const DOCUMENTS_VARIABLES = ['TRUSTED_DOCUMENTS', 'TRUSTED_DOCUMENTS_ONLY'] as const;

/**
 * The scope that exempts a principal from TRUSTED_DOCUMENTS_ONLY (routers, trusted GraphiQL
 * users). Granted only by name: `*` (every source) does not include it.
 */
export const ANY_DOCUMENT_SCOPE = 'any-document';

/** The sha256 (lower-case hex) of a document as sent: the key of persisted and trusted documents. */
export function documentHash(document: string): string {
  return createHash('sha256').update(document, 'utf8').digest('hex');
}

export function readDocumentsConfig(env: Env): DocumentsConfig {
  const file = env.TRUSTED_DOCUMENTS?.trim();
  return {
    trusted: file ? parseManifest(readNamedFile('TRUSTED_DOCUMENTS', file), file) : {},
    trustedOnly: bool(env, 'TRUSTED_DOCUMENTS_ONLY', false),
  };
}

const HASH = /^[0-9a-f]{64}$/;

/** `{hash: document}`, or Apollo's `{format: "apollo-persisted-query-manifest", operations: [{id, body}]}`. */
export function parseManifest(text: string, file: string): Record<string, string> {
  const expected = `TRUSTED_DOCUMENTS must name a JSON file of the form {"<sha256 hex>": "<document>"} or an Apollo persisted-query manifest`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(`${expected}, but "${file}" is not JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`${expected}, but "${file}" holds no object.`);
  const apollo = parsed as { format?: unknown; operations?: unknown };
  const pairs: Array<[unknown, unknown]> =
    apollo.format === 'apollo-persisted-query-manifest'
      ? Array.isArray(apollo.operations)
        ? apollo.operations.map((op: { id?: unknown; body?: unknown }) => [op?.id, op?.body])
        : []
      : Object.entries(parsed);
  const out: Record<string, string> = {};
  for (const [hash, document] of pairs) {
    if (typeof hash !== 'string' || !HASH.test(hash.toLowerCase()) || typeof document !== 'string') {
      throw new ConfigError(`${expected}, but "${file}" has an entry ${JSON.stringify(String(hash).slice(0, 70))} that is not a sha256 hex key with a document string.`);
    }
    // A key that is not its document's hash would let one document pass for another.
    if (documentHash(document) !== hash.toLowerCase()) {
      throw new ConfigError(`TRUSTED_DOCUMENTS: the entry ${hash} in "${file}" is not the sha256 of its document (hash the document exactly as clients send it).`);
    }
    out[hash.toLowerCase()] = document;
  }
  return out;
}
