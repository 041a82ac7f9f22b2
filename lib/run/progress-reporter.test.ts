/** The progress reporter in a real vitest run of a small fixture file (lib/run/testdata). */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createVitest } from 'vitest/node';
import { repoRoot } from '../cluster/settings.js';
import { ProgressReporter, progressFileVar } from './progress-reporter.js';
import { currentTestFile, currentTestSchema, suiteProgressSchema } from './progress-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-reporter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runFixture(env: NodeJS.ProcessEnv, reporter: ProgressReporter): Promise<void> {
  const exitCode = process.exitCode;
  const vitest = await createVitest('test', {
    config: false,
    root: repoRoot,
    include: ['lib/run/testdata/progress-sample.fixture.ts'],
    // As in the end-to-end projects: the worker writes the test it runs.
    setupFiles: ['fixtures/progress-current.ts'],
    watch: false,
    reporters: [reporter],
    env,
    // The fixture waits (bounded) to see itself in the file; under a busy machine that is seconds.
    testTimeout: 30_000,
  });
  try {
    await vitest.start();
  } finally {
    await vitest.close();
    // The fixture's failing test is meant to fail; it must not fail this process.
    process.exitCode = exitCode;
  }
}

describe('progress reporter', { timeout: 60_000 }, () => {
  it('writes the counts as the run goes and exactly at its end, statically skipped tests not counted; the worker names the test it runs', async () => {
    const file = join(dir, 'progress-unit.json');
    const seen = join(dir, 'seen.json');
    await runFixture({ [progressFileVar]: file, SEEN_FILE: seen }, new ProgressReporter({ [progressFileVar]: file }));

    const end = suiteProgressSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(end.files).toEqual({ total: 1, collected: 1, done: 1 });
    expect(end.tests).toEqual({ collected: 4, done: 4, passed: 2, failed: 1, skipped: 1 });
    expect(end.running).toEqual([]);
    expect(end.finished).toBe(true);

    // Mid-run the file exists and is not finished; its counts lag behind vitest's batched events.
    const during = suiteProgressSchema.parse(JSON.parse(readFileSync(seen, 'utf8')));
    expect(during.finished).toBe(false);
    expect(during.tests.done).toBeLessThanOrEqual(3);

    // The worker's own word, written before the test body ran, and its end after it.
    const workerSaw = currentTestSchema.parse(JSON.parse(readFileSync(`${seen}.current`, 'utf8')));
    expect(workerSaw).toMatchObject({ name: 'sample sees itself running in the progress file' });
    expect(workerSaw.endedAt).toBeUndefined();
    const workerEnd = currentTestSchema.parse(JSON.parse(readFileSync(currentTestFile(file), 'utf8')));
    expect(workerEnd.name).toBe('sample sees itself running in the progress file');
    expect(workerEnd.endedAt).toBeDefined();
  });

  it('without a file named it writes nothing', async () => {
    const file = join(dir, 'never.json');
    await runFixture({ SEEN_FILE: join(dir, 'seen2.json'), SEEN_WAIT_MS: '0', [progressFileVar]: join(dir, 'fixture-reads-this.json') }, new ProgressReporter({}));
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(dir, 'fixture-reads-this.json'))).toBe(false);
    // The setup file writes beside the file it was named, whether or not the reporter does.
    expect(existsSync(currentTestFile(join(dir, 'fixture-reads-this.json')))).toBe(true);
  });
});
