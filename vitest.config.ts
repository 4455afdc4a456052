import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'common/**/*.test.ts',
            'main/**/*.test.ts',
            'preload/**/*.test.ts',
            'lab/**/*.test.ts',
            'test/unit/**/*.test.ts',
          ],
          testTimeout: 20_000,
        },
      },
      {
        plugins: [svelte(), svelteTesting()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['renderer/**/*.test.ts', 'test/component/**/*.test.ts'],
          setupFiles: ['test/component/setup.ts'],
        },
      },
    ],
  },
});
