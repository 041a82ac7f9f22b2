/**
 * The tests a run would run, from vitest's own collection in a child process
 * (collect-tests-main.ts), so the CLI's process gets none of vitest's handlers or exit code.
 * `offline` forbids any cluster client there (lib/kube/offline-guard.ts): files that make
 * their tests from the cluster come back as not listed, with the reason.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../cluster/settings.js';
import { InfrastructureError } from '../errors.js';
import { collectModeVar, type CollectMode } from '../kube/offline-guard.js';
import type { SuiteProject } from '../report/suite-outcome.js';
import { envScaled, testCollectionMs } from '../timeouts.js';
import { collectedSchema, planFrom, type TestPlan } from './test-plan.js';

export interface CollectOptions {
  projects: readonly SuiteProject[];
  mode: CollectMode;
  /** vitest -t: only tests whose name matches. */
  grep?: string;
  /** vitest file filters. */
  files?: readonly string[];
  /** The suites' environment (target, config); default this process's. */
  env?: NodeJS.ProcessEnv;
}

const mainScript = join(repoRoot, 'lib', 'run', 'collect-tests-main.ts');
const outputTailChars = 2_000;

export async function collectTests(o: CollectOptions): Promise<TestPlan> {
  const dir = mkdtempSync(join(tmpdir(), 'gauntlet-collect-'));
  const out = join(dir, 'collected.json');
  const request = { projects: o.projects, ...(o.grep !== undefined && { grep: o.grep }), ...(o.files && { files: o.files }) };
  const what = `vitest's collection of ${o.projects.join(', ')}${o.mode === 'offline' ? ' (offline)' : ''}`;
  try {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      // `--import tsx` resolves from the working directory: the repository's own tsx.
      const child = spawn(process.execPath, ['--import', 'tsx', mainScript, out, JSON.stringify(request)], {
        cwd: repoRoot,
        env: { ...(o.env ?? process.env), [collectModeVar]: o.mode },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const keep = (d: Buffer): void => {
        output = (output + d.toString()).slice(-outputTailChars);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const limitMs = envScaled(testCollectionMs);
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new InfrastructureError(`${what} did not finish within ${limitMs} ms`, `Its last output:\n${output.trim()}`));
      }, limitMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new InfrastructureError(`${what} could not start: ${err.message}`, undefined, { cause: err }));
      });
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve({ code: c, output });
      });
    });
    let raw: string;
    try {
      raw = readFileSync(out, 'utf8');
    } catch (err) {
      throw new InfrastructureError(`${what} failed (exit ${code ?? 'signal'}) before writing its list`, `Its last output:\n${output.trim() || '(none)'}`, { cause: err });
    }
    const collected = collectedSchema.parse(JSON.parse(raw));
    if (collected.errors.length > 0) throw new InfrastructureError(`${what} failed: ${collected.errors.join('; ')}`, 'Run `npx vitest list --project <name>` to see the error in full.');
    return planFrom(collected, o.projects, { offline: o.mode === 'offline', ...(o.grep !== undefined && { grep: o.grep }) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
