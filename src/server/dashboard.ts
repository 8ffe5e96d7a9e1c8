import { createStaticBundleHandler, findBundleDist, type StaticBundleHandler } from './staticBundle.js';

/** Where the dashboard lives; also its bundle's URL prefix (vite `base`). */
export const DASHBOARD_PATH = '/dashboard';

/**
 * Stricter than GraphiQL's: no editor injects <style> elements here, so styles come only from
 * the bundle's own stylesheet (scripts still set element.style, which CSP allows). The only
 * data: URI is the empty favicon.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export interface DashboardHandlerOptions {
  /** Folder of the built bundle; default: dist/dashboard of the project this file belongs to. */
  distDir?: string;
}

/** Serves the cost dashboard at /dashboard (and /dashboard/) and its files under /dashboard/. */
export function createDashboardHandler(options: DashboardHandlerOptions = {}): StaticBundleHandler {
  return createStaticBundleHandler({
    distDir: options.distDir ?? findBundleDist('dashboard'),
    prefix: `${DASHBOARD_PATH}/`,
    csp: DASHBOARD_CSP,
    pagePaths: [DASHBOARD_PATH, `${DASHBOARD_PATH}/`],
    pageHeaders: { 'x-frame-options': 'DENY', 'cross-origin-opener-policy': 'same-origin' },
    missing: { title: 'The dashboard', buildScript: 'build:dashboard' },
  });
}
