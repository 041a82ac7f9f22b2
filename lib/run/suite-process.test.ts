/**
 * A suite's vitest process with its output piped (the live line's case) and the progress
 * reporter's file named: run on a small unit test file, no cluster involved.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../cluster/settings.js';
import type { SuiteProject } from '../report/suite-outcome.js';
import { suiteProgressSchema } from './progress-schema.js';
import { runSuite, withoutVitestEnv } from './suite-process.js';

const runId = `suite-process-test-${process.pid}`;
const dir = join(repoRoot, 'reports', runId);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...withoutVitestEnv(process.env), GAUNTLET_RUN_ID: runId };

describe('a suite process with piped output', { timeout: 60_000 }, () => {
  it('passes vitest\'s output to the sinks as it comes, ends them, and the reporter writes the suite\'s progress', async () => {
    const chunks = { stdout: '', stderr: '' };
    const ended: string[] = [];
    const sink = (k: 'stdout' | 'stderr') => ({ write: (c: Buffer | string) => void (chunks[k] += c.toString()), end: () => void ended.push(k) });
    const progressFile = join(dir, 'progress-unit.json');
    // `unit` stands in for a suite project: runSuite only passes the name to vitest.
    const outcome = await runSuite('unit' as SuiteProject, runId, env, ['lib/run/atomic-write.test.ts'], undefined, { progressFile, output: { stdout: sink('stdout'), stderr: sink('stderr'), env: {} } });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.tests).toMatchObject({ total: 1, passed: 1 });
    expect(chunks.stdout).toContain('lib/run/atomic-write.test.ts');
    expect(ended.sort()).toEqual(['stderr', 'stdout']);
    expect(existsSync(progressFile)).toBe(true);
    expect(suiteProgressSchema.parse(JSON.parse(readFileSync(progressFile, 'utf8')))).toMatchObject({ finished: true, tests: { done: 1, passed: 1 } });
  });
});
