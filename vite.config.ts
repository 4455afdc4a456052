import { svelte } from '@sveltejs/vite-plugin-svelte';
import { transform } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';

const RENDERER_TARGET = 'chrome130';

/**
 * The security scanner's parser cannot walk class private members (`#x`, Svelte's runtime is full of them), so the
 * built chunks get them lowered to WeakMaps, and nothing else: esbuild's `supported` turns off just those features.
 */
function lowerPrivateClassMembers(): Plugin {
  const privateFeatures = [
    'class-private-field',
    'class-private-method',
    'class-private-accessor',
    'class-private-static-field',
    'class-private-static-method',
    'class-private-static-accessor',
    'class-private-brand-check',
  ];
  return {
    name: 'vantage:lower-private-class-members',
    apply: 'build',
    async renderChunk(code, chunk) {
      const lowered = await transform(code, {
        target: RENDERER_TARGET,
        supported: Object.fromEntries(privateFeatures.map((feature) => [feature, false])),
        format: 'esm',
        sourcemap: 'external',
        sourcefile: chunk.fileName,
      });
      return { code: lowered.code, map: lowered.map };
    },
  };
}

// The renderer only: main and preload are bundled by esbuild (scripts/build.mjs), see docs/architecture.md.
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [svelte(), lowerPrivateClassMembers()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    // What the renderer runs in: Electron 45 (Chromium 140) and, for the harness, Debian's Chromium. Both have
    // top-level await, which noVNC uses (core/util/browser.js); an ES2021 target cannot express it.
    target: RENDERER_TARGET,
    sourcemap: true,
    // The CSP forbids inline scripts: keep Vite from inlining the module preload helper.
    modulePreload: { polyfill: false },
  },
});
