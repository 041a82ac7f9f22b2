import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectRunResults, recordInfrastructureProblem, recordResilience, recordSecurity } from './record.js';

describe('records of a run', () => {
  let cwd: string;
  let dir: string;
  beforeEach(() => {
    cwd = process.cwd();
    dir = mkdtempSync(`${tmpdir()}/gauntlet-record-`);
    process.chdir(dir);
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it('collects what the suites appended, per area', () => {
    recordSecurity({ id: 'proc-root', category: 'filesystem', runtime: 'runsc', profile: 'hardened', verdict: 'blocked-by-gvisor', evidenceHash: 'ab' }, 'r1');
    recordResilience({ id: 'containerd-restart', runtime: 'runc', passed: true, figures: [{ name: 'containerd-recovery', valueMs: 900 }], lostResults: 0, notes: [] }, 'r1');
    recordInfrastructureProblem('performance', 'node lost', 'r1');
    const results = collectRunResults('r1');
    expect(results.security.map((a) => a.verdict)).toEqual(['blocked-by-gvisor']);
    expect(results.resilience[0]?.figures[0]?.valueMs).toBe(900);
    expect(results.performance).toEqual([]);
    expect(results.infrastructureProblems).toEqual([{ area: 'performance', message: 'node lost' }]);
  });

  it('refuses a record that does not fit the gate schema', () => {
    expect(() => recordSecurity({ id: '', category: 'x', runtime: 'runsc', profile: 'hardened', verdict: 'escaped', evidenceHash: 'a' }, 'r2')).toThrow();
    expect(collectRunResults('r2').security).toEqual([]);
  });
});
