import type { IncomingMessage, ServerResponse } from 'node:http';
import { createStaticBundleHandler, findBundleDist } from './staticBundle.js';

export interface GraphiqlHandlerOptions {
  /** Folder of the built bundle; default: dist/graphiql of the project this file belongs to. */
  distDir?: string;
}

/** URL prefix of the bundle's files (vite `base`); kept apart from /graphql on purpose. */
export const GRAPHIQL_ASSET_PREFIX = '/graphiql/';

/**
 * The page may talk to its own origin only. Monaco injects <style> elements at run time (hence
 * 'unsafe-inline' for styles only); GraphiQL's CSS embeds icons and fonts as data: URIs; Monaco's
 * workers are module scripts from this origin. Sent on the assets too, because a worker's policy
 * comes with the worker script's own response.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** dist/graphiql of the project holding this file (see findBundleDist). */
export function findGraphiqlDist(from?: string): string | null {
  return findBundleDist('graphiql', from);
}

/**
 * Serves GraphiQL: the page for browser GETs of /graphql (Accept has text/html and there is no
 * `query` or `extensions` parameter, so GraphQL GETs still reach Apollo) and the bundle's files
 * under /graphiql/. Returns false for every other request. Until the bundle is built the page
 * says how to build it.
 */
export function createGraphiqlHandler(options: GraphiqlHandlerOptions = {}) {
  const bundle = createStaticBundleHandler({
    distDir: options.distDir ?? findGraphiqlDist(),
    prefix: GRAPHIQL_ASSET_PREFIX,
    csp: GRAPHIQL_CSP,
    // /graphql answers JSON or HTML depending on Accept: caches must keep them apart.
    pageHeaders: { vary: 'Accept', 'x-frame-options': 'DENY', 'cross-origin-opener-policy': 'same-origin' },
    missing: { title: 'GraphiQL', buildScript: 'build:graphiql' },
  });

  return (req: IncomingMessage, res: ServerResponse, pathname: string): boolean => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return false;
    if (pathname === '/graphql') {
      if (!(req.headers.accept ?? '').includes('text/html')) return false;
      const search = new URL(req.url ?? '/', 'http://gateway.local').searchParams;
      // A GraphQL GET (including a persisted query, which has only `extensions`) is Apollo's.
      if (search.has('query') || search.has('extensions')) return false;
      bundle.sendPage(req, res);
      return true;
    }
    return bundle(req, res, pathname);
  };
}
