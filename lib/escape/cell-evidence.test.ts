import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../probe/result.js';
import { cellEvidence } from './cell-evidence.js';
import type { GroupRun } from './group-pods.js';

const group = (runtime: 'runc' | 'runsc', attempts: { id: string; outcome: string }[], status = 'succeeded'): GroupRun => ({
  runtime,
  profile: 'hardened',
  role: 'tenant',
  pod: `p-${runtime}`,
  namespace: 'ns',
  status,
  reason: status === 'succeeded' ? '' : 'refused at admission',
  ...(status === 'succeeded' && { result: { attempts: attempts.map((a) => ({ ...a, detail: 'd', evidence: null, errno: null })) } as unknown as ProbeResult }),
});

describe('cellEvidence', () => {
  it("attaches each pod's own record of the attempt, and says why a pod has none", () => {
    const out = cellEvidence([group('runc', [{ id: 'a', outcome: 'succeeded' }, { id: 'b', outcome: 'blocked' }]), group('runsc', [], 'refused-at-admission')], 'a');
    expect(out.map((x) => x.name)).toEqual(['a runc/hardened/tenant (ns/p-runc)', 'a runsc/hardened/tenant (ns/p-runsc)']);
    expect(JSON.parse(String(out[0]?.content))).toMatchObject({ id: 'a', outcome: 'succeeded' });
    expect(out[1]?.content).toBe('no result: refused-at-admission: refused at admission');
  });

  it('attaches nothing for a pod that ran without the attempt', () => {
    expect(cellEvidence([group('runc', [{ id: 'b', outcome: 'blocked' }])], 'a')).toEqual([]);
  });
});
