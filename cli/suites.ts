/** Runs vitest projects one after another as child processes, as `npm test` does. */
import type { SuiteOutcome } from '../lib/report/gate-schema.js';
import type { SuiteProject } from '../lib/report/suite-outcome.js';
import { runSuite } from '../lib/run/suite-process.js';
import type { Progress } from './common.js';

export { runSuite };

export async function runSuites(projects: readonly SuiteProject[], runId: string, env: NodeJS.ProcessEnv, progress: Progress): Promise<SuiteOutcome[]> {
  const out: SuiteOutcome[] = [];
  for (const [i, project] of projects.entries()) {
    progress(`suite ${project} (${i + 1}/${projects.length}): vitest run --project ${project}`);
    const o = await runSuite(project, runId, env);
    progress(`suite ${project}: ${o.tests.passed} passed, ${o.tests.failed} failed, ${o.tests.skipped} skipped of ${o.tests.total} in ${(o.durationMs / 1000).toFixed(0)} s (exit ${o.exitCode ?? 'signal'})`);
    out.push(o);
  }
  return out;
}
