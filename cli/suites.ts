/** Runs vitest projects one after another as child processes, as `npm test` does. */
import type { SuiteOutcome } from '../lib/report/gate-schema.js';
import { reportFiles } from '../lib/report/report-files.js';
import type { SuiteProject } from '../lib/report/suite-outcome.js';
import { runSuite } from '../lib/run/suite-process.js';
import type { RunInterrupt } from '../lib/run/interrupt.js';
import type { ProgressDisplay } from '../lib/run/progress-display.js';
import type { RunProgressTracker } from '../lib/run/run-progress.js';
import { describeArgs } from '../lib/run/select-tests.js';
import type { Progress } from './common.js';

export { runSuite };

export interface SuitesOptions {
  interrupt?: RunInterrupt;
  /** vitest's extra arguments per suite (-t, file filters). */
  argsFor?: (project: SuiteProject) => readonly string[];
  /** progress.json and the counts; with `display`, the live line (vitest's output then goes through it). */
  tracker?: RunProgressTracker;
  display?: ProgressDisplay;
}

/** Suites one after another; after an interrupt none is started (the rest are returned as notRun). */
export async function runSuites(projects: readonly SuiteProject[], runId: string, env: NodeJS.ProcessEnv, progress: Progress, o: SuitesOptions = {}): Promise<{ outcomes: SuiteOutcome[]; notRun: SuiteProject[] }> {
  const out: SuiteOutcome[] = [];
  for (const [i, project] of projects.entries()) {
    if (o.interrupt?.interrupted) return { outcomes: out, notRun: projects.slice(i) };
    const args = o.argsFor?.(project) ?? [];
    progress(`suite ${project} (${i + 1}/${projects.length}): vitest run --project ${project}${args.length > 0 ? ` ${describeArgs(args)}` : ''}`);
    const progressFile = reportFiles(runId).suiteProgress(project);
    o.tracker?.suiteStarted(project, progressFile);
    const output = o.display?.suiteOutput();
    const outcome = await runSuite(project, runId, env, args, o.interrupt, { progressFile, ...(output && { output }) });
    o.tracker?.suiteEnded(project, outcome);
    progress(`suite ${project}: ${outcome.tests.passed} passed, ${outcome.tests.failed} failed, ${outcome.tests.skipped} skipped of ${outcome.tests.total} in ${(outcome.durationMs / 1000).toFixed(0)} s (exit ${outcome.exitCode ?? 'signal'})`);
    out.push(outcome);
  }
  return { outcomes: out, notRun: [] };
}
