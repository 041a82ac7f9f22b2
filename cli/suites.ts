/** Runs vitest projects one after another as child processes, as `npm test` does. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import type { SuiteOutcome } from '../lib/report/gate-schema.js';
import { reportFiles } from '../lib/report/report-files.js';
import { readSuiteOutcome, type SuiteProject } from '../lib/report/suite-outcome.js';
import { projectRoot, type Progress } from './common.js';

/** vitest's own CLI script, so no npx lookup per project. */
function vitestBin(): string {
  const pkg = createRequire(join(projectRoot, 'package.json')).resolve('vitest/package.json');
  return join(dirname(pkg), 'vitest.mjs');
}

/** `vitest run --project <project>` with the run's environment; the console reporter shows progress. */
export async function runSuite(project: SuiteProject, runId: string, env: NodeJS.ProcessEnv, extraArgs: string[] = []): Promise<SuiteOutcome> {
  const started = Date.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [vitestBin(), 'run', '--project', project, '--passWithNoTests', ...extraArgs], { cwd: projectRoot, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (c) => resolve(c));
  });
  return readSuiteOutcome(reportFiles(runId).vitestJson(project), project, code, Date.now() - started);
}

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
