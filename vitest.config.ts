import { defineConfig } from 'vitest/config';

// One project per suite plus `unit`. End-to-end suites talk to a real cluster,
// so they run one file at a time and their hook timeouts come from lib/timeouts.
const e2e = (name: string) => ({
  test: {
    name,
    include: [`suites/${name}/**/*.test.ts`],
    fileParallelism: false,
    testTimeout: 30 * 60_000,
    hookTimeout: 10 * 60_000,
    retry: 0,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['lib/**/*.test.ts', 'cli/**/*.test.ts', 'fixtures/**/*.test.ts'] } },
      e2e('performance'),
      e2e('isolation'),
      e2e('chaos'),
    ],
  },
});
