import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// The renderer only: main and preload are bundled by esbuild (scripts/build.mjs), see docs/architecture.md.
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [svelte()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    // ES2021 lowers class private fields, which the security scanner's parser cannot read.
    target: 'es2021',
    sourcemap: true,
    // The CSP forbids inline scripts: keep Vite from inlining the module preload helper.
    modulePreload: { polyfill: false },
  },
});
