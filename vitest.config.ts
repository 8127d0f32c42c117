import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'test/**/*.test.ts'],
    // the browser stories need a built app and a running server: test/e2e/vitest.config.ts
    exclude: [...configDefaults.exclude, 'test/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each test file opens its own database; two at a time suits a 2-core machine.
    maxWorkers: 2,
    pool: 'forks',
    // A worker keeps the modules it imported for its next test file: importing the server's
    // module graph afresh for each file cost ~2 s a file (312 s of a 696 s run). Each file still
    // gets its own database, and no test may replace a module (vi.mock): pass a stand-in instead.
    isolate: false,
    // Migrates once; each test file's database starts as a copy (src/testing/global-setup.ts).
    globalSetup: ['src/testing/global-setup.ts'],
  },
});
