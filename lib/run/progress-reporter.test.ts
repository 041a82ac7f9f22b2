/** The progress reporter in a real vitest run of a small fixture file (lib/run/testdata). */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createVitest } from 'vitest/node';
import { repoRoot } from '../cluster/settings.js';
import { ProgressReporter, progressFileVar } from './progress-reporter.js';
import { suiteProgressSchema } from './progress-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-reporter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runFixture(env: NodeJS.ProcessEnv, reporter: ProgressReporter): Promise<void> {
  const exitCode = process.exitCode;
  const vitest = await createVitest('test', {
    config: false,
    root: repoRoot,
    include: ['lib/run/testdata/progress-sample.fixture.ts'],
    watch: false,
    reporters: [reporter],
    env,
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
  it('writes the counts, the running test while it runs, and the end; statically skipped tests are not counted', async () => {
    const file = join(dir, 'progress-unit.json');
    const seen = join(dir, 'seen.json');
    await runFixture({ [progressFileVar]: file, SEEN_FILE: seen }, new ProgressReporter({ [progressFileVar]: file }));

    const end = suiteProgressSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(end.files).toEqual({ total: 1, collected: 1, done: 1 });
    expect(end.tests).toEqual({ collected: 4, done: 4, passed: 2, failed: 1, skipped: 1 });
    expect(end.running).toEqual([]);
    expect(end.finished).toBe(true);

    const during = suiteProgressSchema.parse(JSON.parse(readFileSync(seen, 'utf8')));
    expect(during.running).toEqual(['sample sees itself running in the progress file']);
    expect(during.finished).toBe(false);
    expect(during.tests.done).toBe(3);
  });

  it('without a file named it writes nothing', async () => {
    const file = join(dir, 'never.json');
    await runFixture({ SEEN_FILE: join(dir, 'seen2.json'), [progressFileVar]: join(dir, 'fixture-reads-this.json') }, new ProgressReporter({}));
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(dir, 'fixture-reads-this.json'))).toBe(false);
  });
});
