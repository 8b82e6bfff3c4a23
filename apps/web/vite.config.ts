import { defineConfig } from 'vite';

// Preact through esbuild's automatic JSX runtime: no Babel preset needed. Relative base so the built page works
// wherever the API mounts it; one small bundle, no CDN, no web fonts: the page works offline.
export default defineConfig({
  base: './',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080', '/readyz': 'http://127.0.0.1:8080' } },
});
