import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Builds the cost dashboard into dist/dashboard, served by the gateway at /dashboard
// (src/server/dashboard.ts): no CDN, no external fonts, content-hashed assets under /dashboard/.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/dashboard/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // Modern browsers only; the polyfill would be dead weight.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
