/**
 * Names of the files a run writes under reports/<run-id>/, in one place: the vitest config,
 * the CLI and the workflows agree on them through this module (and the README lists them).
 */
import { join } from 'node:path';
import { reportsDir } from '../paths.js';

export const reportFiles = (runId: string) => {
  const dir = reportsDir(runId);
  return {
    dir,
    results: join(dir, 'results.json'),
    gateJson: join(dir, 'gate.json'),
    gateMarkdown: join(dir, 'gate.md'),
    gateHtml: join(dir, 'gate.html'),
    /** The verdict for CI: a JUnit file of the gate's own (not a vitest project's) and Prometheus metrics. */
    junitGate: join(dir, 'junit-gate.xml'),
    metrics: join(dir, 'metrics.prom'),
    trendJson: join(dir, 'trend.json'),
    /** Written by the CLI on SIGINT/SIGTERM: tests not yet started skip themselves (fixtures/interrupt.ts). */
    interruptMarker: join(dir, 'interrupted'),
    sweep: join(dir, 'sweep.txt'),
    /** The run's progress, rewritten as it goes (lib/run/run-progress.ts), and each suite's own (lib/run/progress-reporter.ts). */
    progress: join(dir, 'progress.json'),
    suiteProgress: (project: string) => join(dir, `progress-${project}.json`),
    charts: join(dir, 'charts'),
    allureResults: join(dir, 'allure-results'),
    allureReport: join(dir, 'allure-report'),
    /** The reports as headless Chromium showed them (lib/report/browser/). */
    screenshots: join(dir, 'screenshots'),
    junit: (project: string | undefined) => join(dir, project ? `junit-${project}.xml` : 'junit.xml'),
    vitestJson: (project: string | undefined) => join(dir, project ? `vitest-${project}.json` : 'vitest.json'),
  };
};

/**
 * The single vitest project named on a command line (`--project x` or `--project=x`), so its
 * JUnit file can be named after it; undefined when none or several are named.
 */
export function projectFromArgv(argv: readonly string[]): string | undefined {
  const named: string[] = [];
  argv.forEach((arg, i) => {
    if (arg === '--project') {
      const next = argv[i + 1];
      if (next !== undefined) named.push(next);
    } else if (arg.startsWith('--project=')) named.push(arg.slice('--project='.length));
  });
  return named.length === 1 && /^[A-Za-z0-9_-]+$/.test(named[0] ?? '') ? named[0] : undefined;
}
