/** One vitest project as a child process, as `npm test` runs it; its outcome read from vitest's JSON report. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { repoRoot } from '../cluster/settings.js';
import type { SuiteOutcome } from '../report/gate-schema.js';
import { reportFiles } from '../report/report-files.js';
import { readSuiteOutcome, type SuiteProject } from '../report/suite-outcome.js';
import type { RunInterrupt } from './interrupt.js';
import type { ChunkSink } from './live-line.js';
import { progressFileVar } from './progress-reporter.js';

export interface SuiteIo {
  /** The progress reporter's file for this suite (reports/<run-id>/progress-<project>.json). */
  progressFile?: string;
  /** vitest's output through these (the live line, lib/run/progress-display.ts) instead of the inherited terminal. */
  output?: { stdout: ChunkSink; stderr: ChunkSink; env: NodeJS.ProcessEnv };
}

/**
 * `env` without what a vitest process sets for its own workers (VITEST_*, TINYPOOL_*): a vitest or
 * `gauntlet` started from inside a test must not think it is one of the parent's workers.
 */
export const withoutVitestEnv = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('VITEST') && !k.startsWith('TINYPOOL')));

/** vitest's own CLI script, so no npx lookup per project. */
function vitestBin(): string {
  const pkg = createRequire(join(repoRoot, 'package.json')).resolve('vitest/package.json');
  return join(dirname(pkg), 'vitest.mjs');
}

/** `vitest run --project <project> [extraArgs]` with the run's environment (GAUNTLET_RUN_ID among it); the console reporter shows progress. */
export async function runSuite(project: SuiteProject, runId: string, env: NodeJS.ProcessEnv, extraArgs: readonly string[] = [], interrupt?: RunInterrupt, io: SuiteIo = {}): Promise<SuiteOutcome> {
  const started = Date.now();
  const out = io.output;
  const code = await new Promise<number | null>((resolve, reject) => {
    // With an interrupt handler, vitest gets a process group of its own: a terminal's Ctrl-C
    // reaches the CLI only, which then stops the workers in order (lib/run/interrupt.ts).
    const child = spawn(process.execPath, [vitestBin(), 'run', '--project', project, '--passWithNoTests', ...extraArgs], {
      cwd: repoRoot,
      env: { ...env, ...(io.progressFile && { [progressFileVar]: io.progressFile }), ...out?.env },
      stdio: out ? ['inherit', 'pipe', 'pipe'] : 'inherit',
      detached: interrupt !== undefined,
    });
    interrupt?.attach(child);
    if (out) {
      child.stdout?.on('data', (d: Buffer) => out.stdout.write(d));
      child.stderr?.on('data', (d: Buffer) => out.stderr.write(d));
    }
    child.on('error', reject);
    child.on('close', (c) => {
      out?.stdout.end();
      out?.stderr.end();
      resolve(c);
    });
  });
  return readSuiteOutcome(reportFiles(runId).vitestJson(project), project, code, Date.now() - started);
}
