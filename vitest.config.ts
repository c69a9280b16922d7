import { defineConfig } from 'vitest/config';

// Three projects: pure-logic unit tests, integration tests against the real Docker engine, and
// end-to-end tests of the page in Chromium. Engine files share one engine, so they run one at a time.
/** Tests on the one Docker engine: images made once first, one file at a time. */
function engineProject(name: string, include: string) {
  return {
    test: { name, include: [include], globalSetup: ['test/integration/global-setup.ts'], fileParallelism: false, testTimeout: 120_000, hookTimeout: 180_000 },
  };
}

export default defineConfig({
  test: {
    // The JSON report lets .ci/run print one plain "N passed, N failed" closing line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      engineProject('integration', 'test/integration/**/*.test.ts'),
      // The renderer in real Chromium (playwright-core, /usr/bin/chromium) against a real `podlab serve`.
      engineProject('e2e', 'test/e2e/**/*.test.ts'),
    ],
  },
});
