import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzip } from 'node:zlib';

export interface StaticBundleOptions {
  /** Folder of the built bundle (vite's outDir); null when there is none to look in. */
  distDir: string | null;
  /** URL prefix of the bundle's files (vite `base`), with both slashes: `/dashboard/`. */
  prefix: string;
  /** Content-Security-Policy sent with the page and every file. */
  csp: string;
  /** Paths that answer with the page (index.html) on GET/HEAD; the caller may also send it itself. */
  pagePaths?: readonly string[];
  /** Extra headers of the page (not of the assets). */
  pageHeaders?: Readonly<Record<string, string>>;
  /** What the page is and how to build it, for the page shown until it is built. */
  missing: { title: string; buildScript: string };
}

/** Serves one vite bundle: returns true when it answered the request. */
export interface StaticBundleHandler {
  (req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
  /** Answers with the page (or the "not built" page, 503) plus `headers`. */
  sendPage(req: IncomingMessage, res: ServerResponse, headers?: Readonly<Record<string, string>>): void;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.ttf', '.txt']);
/** Vite names emitted files `<name>-<8-char hash>.<ext>` under assets/: their content never changes. */
const HASHED = /^assets\/.+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
  cacheControl: string;
  compressible: boolean;
  gzipped?: Promise<Buffer>;
}

interface Bundle {
  html: Asset;
  /** Keyed by the path below the bundle folder with forward slashes, e.g. `assets/index-AbCd1234.js`. */
  files: Map<string, Asset>;
}

/**
 * dist/<name> of the project holding this file: walks up from here to the first folder with a
 * package.json, so it works from src/server (vitest) and from dist/src/server (built).
 */
export function findBundleDist(name: string, from: string = dirname(fileURLToPath(import.meta.url))): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', name);
    if (dirname(dir) === dir) return null;
  }
}

function toAsset(body: Buffer, ext: string, cacheControl: string): Asset {
  return {
    body,
    type: CONTENT_TYPES[ext] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    cacheControl,
    compressible: COMPRESSIBLE.has(ext) && body.length > 1024,
  };
}

/**
 * Reads the whole bundle once; null when it has not been built or cannot be read (say,
 * mid-rebuild): this runs inside the request listener, where a throw would take the process
 * down, and null means "try again on the next request".
 */
function loadBundle(distDir: string): Bundle | null {
  try {
    return readBundle(distDir);
  } catch {
    return null;
  }
}

function readBundle(distDir: string): Bundle | null {
  const indexPath = join(distDir, 'index.html');
  if (!existsSync(indexPath)) return null;
  const files = new Map<string, Asset>();
  for (const entry of readdirSync(distDir, { recursive: true, encoding: 'utf8' })) {
    const full = join(distDir, entry);
    const rel = relative(distDir, full).split(sep).join('/');
    if (rel === 'index.html' || !statSync(full).isFile()) continue;
    files.set(rel, toAsset(readFileSync(full), extname(rel), HASHED.test(rel) ? IMMUTABLE : 'no-cache'));
  }
  return { html: toAsset(readFileSync(indexPath), '.html', 'no-cache'), files };
}

function missingBundlePage({ title, buildScript }: StaticBundleOptions['missing'], distName: string): Asset {
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>analytics-gateway · ${title} not built</title></head>
<body>
<h1>${title} is not built yet</h1>
<p>This gateway serves ${title} from its own build output (<code>dist/${distName}</code>), which is missing.
Run <code>npm run build</code> (or just <code>npm run ${buildScript}</code>) in the project folder, then reload this page.</p>
<p>The GraphQL endpoint works without it: <code>POST /graphql</code> with <code>content-type: application/json</code>.</p>
</body>
</html>
`;
  return { ...toAsset(Buffer.from(html), '.html', 'no-store'), compressible: false };
}

function acceptsGzip(req: IncomingMessage): boolean {
  const ae = req.headers['accept-encoding'];
  return typeof ae === 'string' && /(^|[\s,])gzip(?!;\s*q=0(\.0*)?(\s|,|$))/i.test(ae);
}

function gzipOf(asset: Asset): Promise<Buffer> {
  asset.gzipped ??= new Promise<Buffer>((resolve, reject) => gzip(asset.body, (err, out) => (err ? reject(err) : resolve(out))));
  return asset.gzipped;
}

function send(req: IncomingMessage, res: ServerResponse, asset: Asset, csp: string, status = 200, extra: Readonly<Record<string, string>> = {}): void {
  const headers: Record<string, string> = {
    'content-type': asset.type,
    'cache-control': asset.cacheControl,
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    etag: asset.etag,
    ...extra,
  };
  if (asset.compressible) headers.vary = headers.vary ? `${headers.vary}, Accept-Encoding` : 'Accept-Encoding';
  if (status === 200 && req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const write = (body: Buffer, encoding?: string) => {
    if (encoding) headers['content-encoding'] = encoding;
    headers['content-length'] = String(body.length);
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (!asset.compressible || !acceptsGzip(req)) return write(asset.body);
  gzipOf(asset).then(
    (zipped) => write(zipped, 'gzip'),
    () => write(asset.body),
  );
}

/** A safe key into the bundle's file map, or null for anything that tries to leave it. */
function assetKey(pathname: string, prefix: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname.slice(prefix.length));
  } catch {
    return null;
  }
  if (rel === '' || rel.includes('\0') || rel.includes('\\')) return null;
  const segments = rel.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return null;
  return rel;
}

/**
 * Serves a bundle built by vite: the page at `pagePaths` (and wherever the caller sends it with
 * `sendPage`) and the bundle's files under `prefix`, hashed ones cacheable for a year, all with
 * `csp`. Only GET and HEAD; everything else returns false. The bundle is read into memory at
 * first use; until it exists the page says how to build it (and it is looked for again on the
 * next request, so a build needs no restart).
 */
export function createStaticBundleHandler(options: StaticBundleOptions): StaticBundleHandler {
  const { distDir, prefix, csp } = options;
  const pagePaths = new Set(options.pagePaths ?? []);
  const distName = distDir ? distDir.split(/[\\/]/).filter(Boolean).pop() ?? '' : '';
  let bundle: Bundle | null = null;
  const getBundle = (): Bundle | null => (bundle ??= distDir ? loadBundle(distDir) : null);

  const sendPage = (req: IncomingMessage, res: ServerResponse, headers: Readonly<Record<string, string>> = {}): void => {
    const current = getBundle();
    const all = { ...options.pageHeaders, ...headers };
    if (current) send(req, res, current.html, csp, 200, all);
    else send(req, res, missingBundlePage(options.missing, distName), csp, 503, all);
  };

  const handler = (req: IncomingMessage, res: ServerResponse, pathname: string): boolean => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return false;
    if (pagePaths.has(pathname)) {
      sendPage(req, res);
      return true;
    }
    if (!pathname.startsWith(prefix)) return false;
    const key = assetKey(pathname, prefix);
    const asset = key === null ? undefined : getBundle()?.files.get(key);
    if (!asset) return false;
    send(req, res, asset, csp);
    return true;
  };
  return Object.assign(handler, { sendPage });
}
