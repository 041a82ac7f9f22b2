import { describe, expect, it } from 'vitest';
import { provePassed, proveSummary, renderProveTable } from './prove-table.js';
import { judgeDetection, type ProveRow } from './run-sabotage.js';
import { sabotages } from './sabotages.js';

const row = (patch: Partial<ProveRow> = {}): ProveRow => ({ id: 's', title: 't', reach: 'the cluster', area: 'security', expected: 'FAIL: x', verdict: 'FAIL', observed: 'x', detected: true, restored: true, runId: 'r', durationMs: 61_000, ...patch });

describe('gauntlet prove', () => {
  it('has at least eight sabotages over all three areas, some on one worker only, with unique ids', () => {
    expect(sabotages.length).toBeGreaterThanOrEqual(8);
    expect(new Set(sabotages.map((s) => s.id)).size).toBe(sabotages.length);
    expect(new Set(sabotages.map((s) => s.area))).toEqual(new Set(['security', 'performance', 'resilience']));
    expect(sabotages.some((s) => s.reach === 'one gVisor worker')).toBe(true);
  });

  it('counts a detection only for the stated verdict and reason', () => {
    const s = sabotages.find((x) => x.id === 'runsc-net-raw');
    if (!s) throw new Error('no runsc-net-raw');
    expect(judgeDetection(s, 'FAIL', ['gVisor configuration departs from the declared policy: w2: --net-raw=true (declared false)']).detected).toBe(true);
    // Failing for another reason is not detection.
    expect(judgeDetection(s, 'FAIL', ['vitest project isolation: 1 of 3 test(s) failed']).detected).toBe(false);
    expect(judgeDetection(s, 'PASS', ['gVisor configuration departs from the declared policy: w2: --net-raw=true']).detected).toBe(false);
  });

  it('passes only when every sabotage was detected and every restore left the cluster healthy', () => {
    expect(provePassed([row(), row()])).toBe(true);
    expect(provePassed([row(), row({ detected: false })])).toBe(false);
    expect(provePassed([row({ restored: false })])).toBe(false);
    expect(provePassed([])).toBe(false);
    expect(proveSummary([row(), row({ detected: false })], 120_000)).toBe('PROVE FAIL: 1/2 sabotage(s) detected, 2/2 restored healthy, in 2.0 min');
    expect(renderProveTable([row({ detected: false, observed: 'a | b' })])).toMatch(/\| \*\*no\*\* \| yes \| 61 s \|$/m);
  });
});
