import type { ServerResponse } from 'node:http';
import type { Principal } from '../auth/Principal.js';
import { ANY_DOCUMENT_SCOPE, documentHash, type DocumentsConfig } from '../config/documentsConfig.js';
import { ErrorCode } from '../errors.js';
import { sendError } from '../server/plugins/sendError.js';

/** A request's GraphQL parameters after the gate: the body and the URL query Apollo then reads. */
export interface AdmittedRequest {
  body: unknown;
  search: string;
}

/**
 * Persisted documents before parsing: a trusted document named by its hash
 * (`extensions.persistedQuery.sha256Hash` or `documentId`) gets its text; with
 * TRUSTED_DOCUMENTS_ONLY every other document is refused (400 PERSISTED_QUERY_NOT_IN_LIST)
 * unless the principal has the `any-document` scope. A hash that does not match the document
 * sent with it is 400 BAD_REQUEST. Anything else goes to Apollo's APQ as it is.
 */
export interface DocumentGate {
  /** The request as Apollo should see it, or undefined when the gate answered it itself. */
  admit(body: unknown, url: URL, principal: Principal, res: ServerResponse): AdmittedRequest | undefined;
}

interface Params {
  query: unknown;
  extensions: Record<string, unknown> | undefined;
  documentId: unknown;
}

const HEX = /^[0-9a-f]{64}$/i;

function paramsOf(body: unknown, url: URL): Params | undefined {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    const ext = b.extensions;
    return { query: b.query, extensions: ext && typeof ext === 'object' ? (ext as Record<string, unknown>) : undefined, documentId: b.documentId };
  }
  if (body !== '' && body !== undefined) return undefined; // not JSON: Apollo refuses it
  const p = url.searchParams;
  let extensions: Record<string, unknown> | undefined;
  const rawExt = p.get('extensions');
  if (rawExt) {
    try {
      const parsed: unknown = JSON.parse(rawExt);
      if (parsed && typeof parsed === 'object') extensions = parsed as Record<string, unknown>;
    } catch {
      // Apollo reports the malformed parameter.
    }
  }
  return { query: p.get('query') ?? undefined, extensions, documentId: p.get('documentId') ?? undefined };
}

/** The hash a request names: `documentId` (`sha256:<hex>` or `<hex>`) or the APQ extension's. */
function namedHash(p: Params): string | undefined {
  if (typeof p.documentId === 'string') {
    const id = p.documentId.startsWith('sha256:') ? p.documentId.slice(7) : p.documentId;
    return id.toLowerCase();
  }
  const pq = p.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  return typeof pq?.sha256Hash === 'string' ? pq.sha256Hash.toLowerCase() : undefined;
}

export function createDocumentGate(config: DocumentsConfig, builtIn: Readonly<Record<string, string>>): DocumentGate {
  const trusted = new Map<string, string>([...Object.entries(builtIn), ...Object.entries(config.trusted)]);
  const only = config.trustedOnly;

  const notInList = (res: ServerResponse) => {
    sendError(res, 400, 'This gateway runs only its trusted documents, and this operation is not one of them.', { code: ErrorCode.PERSISTED_QUERY_NOT_IN_LIST });
    return undefined;
  };

  /**
   * The request as an APQ request for `hash`, with `document` as its text when known (Apollo
   * checks the hash once more and registers it); `documentId` becomes the APQ extension.
   */
  function asPersisted(body: unknown, url: URL, p: Params, hash: string, document: string | undefined): AdmittedRequest {
    const extensions = { ...p.extensions, persistedQuery: { version: 1, sha256Hash: hash } };
    if (body && typeof body === 'object') {
      const { documentId: _drop, ...rest } = body as Record<string, unknown>;
      return { body: { ...rest, ...(document === undefined ? {} : { query: document }), extensions }, search: url.search };
    }
    const params = new URLSearchParams(url.search);
    params.delete('documentId');
    if (document !== undefined) params.set('query', document);
    params.set('extensions', JSON.stringify(extensions));
    return { body, search: `?${params}` };
  }

  return {
    admit(body, url, principal, res) {
      const unchanged = { body, search: url.search };
      const p = paramsOf(body, url);
      if (!p) return unchanged;
      const exempt = principal.policy.scopes.includes(ANY_DOCUMENT_SCOPE);
      const hash = namedHash(p);
      if (typeof p.query === 'string') {
        if (hash === undefined && (!only || exempt)) return unchanged; // the common case: no hashing at all
        const actual = documentHash(p.query);
        if (hash !== undefined && hash !== actual) {
          sendError(res, 400, 'The persisted query hash does not match the document sent with it.', { code: 'BAD_REQUEST' });
          return undefined;
        }
        if (only && !exempt && !trusted.has(actual)) return notInList(res);
        return unchanged;
      }
      if (hash === undefined) return unchanged; // no document at all: Apollo says so
      const document = HEX.test(hash) ? trusted.get(hash) : undefined;
      if (document !== undefined) return asPersisted(body, url, p, hash, document);
      if (only && !exempt) return notInList(res);
      // Unknown here: Apollo's APQ registrations decide (PERSISTED_QUERY_NOT_FOUND when absent).
      return typeof p.documentId === 'string' && HEX.test(hash) ? asPersisted(body, url, p, hash, undefined) : unchanged;
    },
  };
}
