/** Runs vitest projects one after another as child processes, as `npm test` does. */
import type { SuiteOutcome } from '../lib/report/gate-schema.js';
import type { SuiteProject } from '../lib/report/suite-outcome.js';
import { runSuite } from '../lib/run/suite-process.js';
import type { RunInterrupt } from '../lib/run/interrupt.js';
import type { Progress } from './common.js';

export { runSuite };

/** Suites one after another; after an interrupt none is started (the rest are returned as notRun). */
export async function runSuites(projects: readonly SuiteProject[], runId: string, env: NodeJS.ProcessEnv, progress: Progress, interrupt?: RunInterrupt, vitestArgs: readonly string[] = []): Promise<{ outcomes: SuiteOutcome[]; notRun: SuiteProject[] }> {
  const out: SuiteOutcome[] = [];
  for (const [i, project] of projects.entries()) {
    if (interrupt?.interrupted) return { outcomes: out, notRun: projects.slice(i) };
    progress(`suite ${project} (${i + 1}/${projects.length}): vitest run --project ${project}`);
    const o = await runSuite(project, runId, env, vitestArgs, interrupt);
    progress(`suite ${project}: ${o.tests.passed} passed, ${o.tests.failed} failed, ${o.tests.skipped} skipped of ${o.tests.total} in ${(o.durationMs / 1000).toFixed(0)} s (exit ${o.exitCode ?? 'signal'})`);
    out.push(o);
  }
  return { outcomes: out, notRun: [] };
}
