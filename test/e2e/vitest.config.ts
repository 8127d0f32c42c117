import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    // One real server (global-setup.ts): run the stories one after another.
    fileParallelism: false,
    // Each step builds on the one before: after a failure the rest only repeats it.
    bail: 1,
    pool: 'forks',
    testTimeout: 120_000,
    // Building the web app and loading the demo group on a cold machine take a while.
    hookTimeout: 300_000,
  },
});
