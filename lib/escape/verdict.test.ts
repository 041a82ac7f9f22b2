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
const kernel = catalogEntry('syscall.bpf'); // kernel attack surface
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

  it('judges a kernel attack-surface probe by the kernel\'s grant, naming which kernel answered, the same way under both runtimes', () => {
    const m = decideVerdicts(kernel, cells(r('succeeded'), r('succeeded'), r('blocked', null, 'EPERM'), r('blocked', null, 'EPERM')), {});
    expect(verdicts(m)).toEqual({ runcControl: 'escaped', runscControl: 'escaped', runcHardened: 'blocked-by-policy', runscHardened: 'blocked-by-policy' });
    expect(m.get('runsc/control')?.reason).toMatch(/Sentry granted it/);
    expect(m.get('runc/control')?.reason).toMatch(/host kernel granted it/);
  });

  it('never counts a syscall granted under gVisor as contained without host-side evidence: a node fact decides', () => {
    const socket = catalogEntry('fs.runtime-socket');
    // The runsc control connected and answered, but not with the node's containerd: not through.
    const m = decideVerdicts(socket, cells(r('succeeded', true), r('succeeded', false), r('blocked', null, 'ENOENT'), r('blocked', null, 'ENOENT')), {});
    expect(verdicts(m)).toMatchObject({ runcControl: 'escaped', runscControl: 'blocked-by-gvisor', runscHardened: 'blocked-by-gvisor' });
    // The same answer matching the node under runsc is an escape, as under runc.
    const leak = decideVerdicts(socket, cells(r('succeeded', true), r('succeeded', true), r('blocked'), r('succeeded', true)), {});
    expect(verdicts(leak)).toMatchObject({ runscControl: 'escaped', runscHardened: 'escaped' });
  });

  it('judges a node-change attempt by what the node showed after the cell, not by the probe\'s word', () => {
    const core = catalogEntry('kernel.core-pattern-write');
    const seen = { seen: true, detail: 'core_pattern holds this cell\'s value' };
    const unchanged = { seen: false, detail: 'core_pattern unchanged' };
    const c: Cell[] = [
      { runtime: 'runc', profile: 'control', result: r('succeeded'), nodeChange: seen },
      // The Sentry accepted the write, but the host's file did not change.
      { runtime: 'runsc', profile: 'control', result: r('succeeded'), nodeChange: unchanged },
      { runtime: 'runc', profile: 'hardened', result: r('blocked', null, 'EACCES'), nodeChange: unchanged },
      // The probe saw an error, yet the node changed: escaped.
      { runtime: 'runsc', profile: 'hardened', result: r('error'), nodeChange: seen },
    ];
    expect(verdicts(decideVerdicts(core, c, {}))).toEqual({ runcControl: 'escaped', runscControl: 'blocked-by-gvisor', runcHardened: 'blocked-by-policy', runscHardened: 'escaped' });
    const unread = c.map((x) => ({ ...x, nodeChange: undefined }));
    expect(verdicts(decideVerdicts(core, unread, {})).runcControl).toBe('probe-invalid');
  });

  it('reports a hardened block that proves only the harness\'s own pod spec, but does not count it as judged', () => {
    const hostPath = catalogEntry('fs.hostpath-canary');
    const m = decideVerdicts(hostPath, cells(r('succeeded', true), r('succeeded', true), r('blocked', null, 'ENOENT'), r('blocked', null, 'ENOENT')), {});
    expect(m.get('runsc/hardened')).toMatchObject({ verdict: 'blocked-by-policy', unjudged: expect.stringMatching(/own pod spec/) as unknown });
    expect(decideVerdicts(token, cells(r('succeeded', true), r('succeeded', true), r('blocked'), r('blocked')), {}).get('runsc/hardened')?.unjudged).toBeUndefined();
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
