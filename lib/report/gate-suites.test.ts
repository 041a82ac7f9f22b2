import { describe, expect, it } from 'vitest';
import { computeGate, scopeOf } from './gate.js';
import type { RunResults, SuiteOutcome } from './gate-schema.js';
import { passingRun, testThresholds } from './gate-test-data.js';

const suite = (patch: Partial<SuiteOutcome> = {}): SuiteOutcome => ({
  project: 'isolation',
  area: 'security',
  exitCode: 0,
  tests: { total: 4, passed: 4, failed: 0, skipped: 0 },
  failedTests: [],
  durationMs: 1000,
  ...patch,
});
const gateOf = (r: RunResults) => computeGate(r, testThresholds(), { generatedAt: '2025-01-01T00:00:00Z' });

describe('suite outcomes in the gate', () => {
  it('no suites listed: every area is judged; a partial run only its areas', () => {
    expect(scopeOf(passingRun())).toEqual(['security', 'performance', 'resilience', 'compatibility']);
    const g = gateOf({ ...passingRun(), suites: [suite()] });
    expect(g.scope).toEqual(['security']);
    expect(g.areas.performance.notes).toContain('not run in this run; not part of the verdict');
  });

  it('a partial run whose area has no data is INCONCLUSIVE, exit 1, never PASS', () => {
    const g = gateOf({ ...passingRun(), security: [], suites: [suite()] });
    expect(g).toMatchObject({ verdict: 'INCONCLUSIVE', exitCode: 1 });
  });

  it('a failed test fails its area', () => {
    const g = gateOf({ ...passingRun(), suites: [suite({ exitCode: 1, tests: { total: 4, passed: 3, failed: 1, skipped: 0 }, failedTests: ['x'] })] });
    expect(g).toMatchObject({ verdict: 'FAIL', exitCode: 1 });
  });

  it('failed tests in an area the cluster already broke stay INCONCLUSIVE (exit 2: rerun)', () => {
    const r: RunResults = {
      ...passingRun(),
      infrastructureProblems: [{ area: 'security', message: 'worker lost' }],
      suites: [suite({ exitCode: 1, tests: { total: 4, passed: 3, failed: 1, skipped: 0 }, failedTests: ['x'] })],
    };
    expect(gateOf(r)).toMatchObject({ verdict: 'INCONCLUSIVE', exitCode: 2 });
  });

  it('a project that crashed without failing a test leaves the claim unproven (exit 1)', () => {
    const g = gateOf({ ...passingRun(), suites: [suite({ exitCode: null, tests: { total: 0, passed: 0, failed: 0, skipped: 0 } })] });
    expect(g).toMatchObject({ verdict: 'INCONCLUSIVE', exitCode: 1 });
    expect(g.areas.security.causes).toContain('insufficient-data');
  });
});
