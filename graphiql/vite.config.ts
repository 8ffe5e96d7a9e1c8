import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { commentTabTitles } from './commentTabTitles.js';

// Builds GraphiQL into dist/graphiql as a self-contained bundle that the gateway serves
// (src/server/graphiql.ts): no CDN, no external fonts. Assets live under /graphiql/ so they
// never collide with /graphql, and carry content hashes so they can be cached forever.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/graphiql/',
  publicDir: false,
  plugins: [commentTabTitles()],
  logLevel: 'warn',
  // No @vitejs/plugin-react: esbuild's automatic JSX runtime is all this page needs.
  esbuild: { jsx: 'automatic' },
  // Monaco's language workers are ES modules; setup-workers/vite imports them with ?worker.
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../dist/graphiql', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // Modern browsers only; the polyfill would be dead weight.
    modulePreload: { polyfill: false },
    // Monaco alone is several MB; the warning would only be noise.
    chunkSizeWarningLimit: 8000,
    reportCompressedSize: false,
    rollupOptions: {
      onwarn(warning, warn) {
        // framer-motion and radix mark modules "use client" for React Server Components; meaningless in a plain bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
