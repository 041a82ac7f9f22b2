import { describe, expect, it } from 'vitest';
import type { AttemptResult } from '../probe/result.js';
import { catalogEntry } from './catalog.js';
import { cellKey, decideVerdicts, type Cell } from './verdict.js';

const r = (outcome: AttemptResult['outcome'], tokenMatched: boolean | null = null, errno: string | null = null): AttemptResult => ({
  id: 'x',
  outcome,
  detail: `${outcome} detail`,
  evidence: null,
  errno,
  tokenMatched,
});

const cells = (rc: AttemptResult | undefined, sc: AttemptResult | undefined, rh: AttemptResult | undefined, sh: AttemptResult | undefined): Cell[] => [
  { runtime: 'runc', profile: 'control', result: rc },
  { runtime: 'runsc', profile: 'control', result: sc },
  { runtime: 'runc', profile: 'hardened', result: rh },
  { runtime: 'runsc', profile: 'hardened', result: sh },
];

const verdicts = (m: Map<string, { verdict: string }>) => ({
  runcControl: m.get(cellKey('runc', 'control'))?.verdict,
  runscControl: m.get(cellKey('runsc', 'control'))?.verdict,
  runcHardened: m.get(cellKey('runc', 'hardened'))?.verdict,
  runscHardened: m.get(cellKey('runsc', 'hardened'))?.verdict,
});

const token = catalogEntry('fs.proc1-root-canary');
const kernel = catalogEntry('syscall.bpf');
const netpol = catalogEntry('net.other-namespace-pod');

describe('escape verdicts', () => {
  it('attributes a token attempt blocked even in the runsc control to gVisor', () => {
    const m = decideVerdicts(token, cells(r('succeeded', true), r('blocked', false, 'ENOENT'), r('blocked', null, 'ENOENT'), r('blocked', null, 'ENOENT')), {});
    expect(verdicts(m)).toEqual({ runcControl: 'escaped', runscControl: 'blocked-by-gvisor', runcHardened: 'blocked-by-policy', runscHardened: 'blocked-by-gvisor' });
  });

  it('attributes a block to policy when the weakened runsc control got through', () => {
    const m = decideVerdicts(token, cells(r('succeeded', true), r('succeeded', true), r('blocked'), r('blocked')), {});
    expect(verdicts(m)).toMatchObject({ runscControl: 'escaped', runscHardened: 'blocked-by-policy' });
  });

  it('counts a canary read without the token as no escape, and a control that saw none as probe-invalid', () => {
    const m = decideVerdicts(token, cells(r('succeeded', false), r('blocked'), r('blocked'), r('blocked')), {});
    expect(verdicts(m)).toEqual({ runcControl: 'probe-invalid', runscControl: 'probe-invalid', runcHardened: 'probe-invalid', runscHardened: 'probe-invalid' });
  });

  it('reports a hardened read of the token as escaped', () => {
    const m = decideVerdicts(token, cells(r('succeeded', true), r('blocked'), r('blocked'), r('succeeded', true)), {});
    expect(verdicts(m).runscHardened).toBe('escaped');
  });

  it('treats a syscall granted under gVisor as contained by the Sentry, and under runc as an escape', () => {
    const m = decideVerdicts(kernel, cells(r('succeeded'), r('succeeded'), r('succeeded'), r('succeeded')), {});
    expect(verdicts(m)).toEqual({ runcControl: 'escaped', runscControl: 'blocked-by-gvisor', runcHardened: 'escaped', runscHardened: 'blocked-by-gvisor' });
  });

  it('makes errors, missing results and empty probes probe-invalid or not-applicable', () => {
    const m = decideVerdicts(kernel, cells(r('succeeded'), r('error'), undefined, r('not-applicable')), {});
    expect(verdicts(m)).toEqual({ runcControl: 'escaped', runscControl: 'probe-invalid', runcHardened: 'probe-invalid', runscHardened: 'not-applicable' });
  });

  it('calls a hardened pod that read the canary token escaped, whatever let it through, and names an unenforced NetworkPolicy as the cause', () => {
    const through = cells(r('succeeded', true), r('succeeded', true), r('succeeded', true), r('succeeded', true));
    const off = decideVerdicts(netpol, through, { networkPolicyEnforced: false });
    expect(verdicts(off)).toMatchObject({ runcHardened: 'escaped', runscHardened: 'escaped' });
    expect(off.get('runsc/hardened')?.reason).toMatch(/^NetworkPolicy is not enforced/);
    expect(verdicts(decideVerdicts(netpol, through, { networkPolicyEnforced: true }))).toMatchObject({ runcHardened: 'escaped', runscHardened: 'escaped' });
  });

  it('makes every cell not-applicable when the node lacks what the attempt needs', () => {
    const m = decideVerdicts(kernel, cells(r('blocked', null, 'ENOSYS'), r('blocked'), r('blocked'), r('blocked')), { preconditionFailed: 'no modules' });
    expect(new Set(Object.values(verdicts(m)))).toEqual(new Set(['not-applicable']));
  });
});
