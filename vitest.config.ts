import { defineConfig } from 'vitest/config';
import { projectFromArgv, reportFiles } from './lib/report/report-files.js';
import { runId } from './lib/run-id.js';
import { ProgressReporter } from './lib/run/progress-reporter.js';

// One run id for this vitest process and its workers: runId() also exports GAUNTLET_RUN_ID,
// which the workers inherit. `gauntlet run` sets it so every project of a run shares it.
const files = reportFiles(runId());

// allure-vitest's setup module records labels, steps and attachments (lib/report/annotate.ts).
const setupFiles = ['allure-vitest/setup'];

// One project per suite plus `unit`. End-to-end suites talk to a real cluster,
// so they run one file at a time and their hook timeouts come from lib/timeouts.
const e2e = (name: string, include: string[] = [`suites/${name}/**/*.test.ts`], maxConcurrency?: number) => ({
  test: {
    name,
    include,
    ...(maxConcurrency !== undefined && { maxConcurrency }),
    // fixtures/interrupt.ts: an interrupted run undoes what is in flight and skips the rest.
    // fixtures/allure-labels.ts: every test's area, runtime, attempt/condition/scenario and severity.
    // fixtures/progress-current.ts: the test running now, for `gauntlet run`'s live line.
    setupFiles: [...setupFiles, 'fixtures/interrupt.ts', 'fixtures/allure-labels.ts', 'fixtures/progress-current.ts'],
    // What the run is tested on, recorded once per run (fixtures/record-environment.ts).
    globalSetup: ['fixtures/record-environment.ts'],
    fileParallelism: false,
    testTimeout: 30 * 60_000,
    hookTimeout: 10 * 60_000,
    retry: 0,
  },
});

// Tests of the harness itself that need the cluster (doctor against missing RuntimeClass or
// RBAC, failure attachments) or the machine's Chromium (the reports in a browser):
// named *.e2e.test.ts, kept out of `unit`.
const e2eHarness = ['cli/**/*.e2e.test.ts', 'lib/**/*.e2e.test.ts', 'fixtures/**/*.e2e.test.ts'];

export default defineConfig({
  test: {
    // Console output as before, plus JUnit for CI, vitest JSON for the gate, allure-results for the HTML report.
    reporters: [
      'default',
      ['junit', { suiteName: projectFromArgv(process.argv) ?? 'sandbox-gauntlet' }],
      // Counts and failed test names for the gate (lib/report/suite-outcome.ts).
      'json',
      ['allure-vitest/reporter', { resultsDir: files.allureResults }],
      // Counts and the current test for `gauntlet run`'s live line and progress.json; idle unless it names a file.
      new ProgressReporter(),
    ],
    outputFile: { junit: files.junit(projectFromArgv(process.argv)), json: files.vitestJson(projectFromArgv(process.argv)) },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'cli/**/*.test.ts', 'fixtures/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...e2eHarness],
          setupFiles,
        },
      },
      e2e('performance'),
      // Workloads under runc and runsc: compatibility, and their own work's time (docs/workloads.md).
      // maxConcurrency: the limits checks' concurrent tests (both runtimes, memory, PIDs and both storage places) mostly wait on the kubelet.
      e2e('workloads', undefined, 12),
      e2e('isolation'),
      e2e('chaos'),
      // gauntlet prove: sabotages of the embedded cluster, each judged by a child run of the smallest suite.
      e2e('prove'),
      e2e('harness', e2eHarness),
    ],
  },
});
