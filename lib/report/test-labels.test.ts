import { describe, expect, it } from 'vitest';
import { labelsFor } from './test-labels.js';

describe('labelsFor', () => {
  it('labels a matrix cell with its area, runtime, catalog attempt id and a critical severity', () => {
    expect(labelsFor('isolation', ['escape attempts', 'fs.proc1-root-canary', 'blocks reading the node canary through /proc/1/root under runsc'])).toEqual({
      feature: 'security',
      severity: 'critical',
      runtime: 'runsc',
      attemptId: 'fs.proc1-root-canary',
    });
  });

  it('takes the attempt id of an attack-surface probe and the runtime of a describe.each', () => {
    const l = labelsFor('isolation', ['escape attempts', 'unshare.userns (kernel attack surface)', 'the host kernel denies it to a hardened runc pod']);
    expect(l.attemptId).toBe('unshare.userns');
    expect(labelsFor('chaos', ['node loss under runc', 'reports a lost worker NotReady in time']).runtime).toBe('runc');
  });

  it('names the chaos scenario and the performance condition', () => {
    expect(labelsFor('chaos', ['containerd restart under runsc', 'keeps runsc sandboxes running']).parameters).toEqual({ scenario: 'containerd restart under runsc' });
    expect(labelsFor('performance', ['pod start latency of runsc against runc', "measures runsc start overhead against runc 'on an idle cluster, one pod at a time', each start …"]).parameters).toEqual({
      condition: 'on an idle cluster, one pod at a time',
    });
  });

  it('adds nothing it cannot tell: no area outside the suites, no runtime a name does not state', () => {
    expect(labelsFor('harness', ['gauntlet doctor on the real cluster', 'passes'])).toEqual({});
    expect(labelsFor('chaos', ['node replacement', 'gives a fresh worker gVisor'])).toEqual({ feature: 'resilience', severity: 'normal', parameters: { scenario: 'node replacement' } });
  });
});
