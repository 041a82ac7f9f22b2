import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSuiteOutcome, suiteOutcomeFrom } from './suite-outcome.js';

describe('suite outcome from vitest JSON', () => {
  it('counts tests and names the failed ones, mapping the project to its gate area', () => {
    const json = {
      numTotalTests: 4,
      numPassedTests: 2,
      numFailedTests: 1,
      numPendingTests: 1,
      numTodoTests: 0,
      testResults: [{ assertionResults: [{ fullName: 'escape catalog blocks /proc/1/root under runsc', status: 'failed' }, { fullName: 'x', status: 'passed' }] }],
    };
    expect(suiteOutcomeFrom(json, 'isolation', 1, 5000)).toEqual({
      project: 'isolation',
      area: 'security',
      exitCode: 1,
      tests: { total: 4, passed: 2, failed: 1, skipped: 1 },
      failedTests: ['escape catalog blocks /proc/1/root under runsc'],
      durationMs: 5000,
    });
  });

  it('no report (vitest died early) or a broken one: zero tests, the exit code kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-outcome-'));
    try {
      writeFileSync(join(dir, 'broken.json'), '{"numTotalTests": ');
      for (const f of ['absent.json', 'broken.json']) {
        expect(readSuiteOutcome(join(dir, f), 'chaos', null, 10)).toMatchObject({ area: 'resilience', exitCode: null, tests: { total: 0, failed: 0 } });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
