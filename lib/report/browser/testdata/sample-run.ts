/**
 * A run directory the browser test controls: results.json of a run that passes every default
 * threshold (lib/report/gate-test-data.ts), and allure-results written by the real Allure
 * reporter from a vitest run of allure-sample.fixture.ts. `gauntlet report` makes the rest.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createVitest } from 'vitest/node';
import { repoRoot } from '../../../cluster/settings.js';
import { passingRun } from '../../gate-test-data.js';

/** Writes `<cwd>/reports/<runId>/`; returns that directory. */
export async function writeSampleRun(cwd: string, runId: string): Promise<string> {
  const dir = join(cwd, 'reports', runId);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), JSON.stringify({ ...passingRun(), runId }));
  const exitCode = process.exitCode;
  const vitest = await createVitest('test', {
    config: false,
    root: repoRoot,
    include: ['lib/report/browser/testdata/allure-sample.fixture.ts'],
    setupFiles: ['allure-vitest/setup'],
    reporters: [['allure-vitest/reporter', { resultsDir: join(dir, 'allure-results') }]],
    watch: false,
  });
  try {
    await vitest.start();
  } finally {
    await vitest.close();
    // The fixture's failing test is meant to fail; it must not fail this process.
    process.exitCode = exitCode;
  }
  return dir;
}
