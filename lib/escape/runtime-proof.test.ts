import { describe, expect, it } from 'vitest';
import type { RuntimeIdentity } from '../probe/result.js';
import { runtimeIdentityProblems } from './runtime-proof.js';

const gvisor: RuntimeIdentity = { kernelRelease: '4.4.0', kernelVersion: '#1', procVersion: 'Linux version 4.4.0', kernelLogFirstLine: '[    0.000000] Starting gVisor...', gvisor: true, evidence: ['gvisor: stamp'] };
const host: RuntimeIdentity = { kernelRelease: '6.18.44', kernelVersion: '#1', procVersion: 'Linux version 6.18.44', kernelLogFirstLine: null, gvisor: false, evidence: ['host: gcc'] };

describe('runtime identity proof', () => {
  it('accepts gVisor for runsc and the host kernel for runc', () => {
    expect(runtimeIdentityProblems(gvisor, 'runsc', '6.18.44')).toEqual([]);
    expect(runtimeIdentityProblems(host, 'runc', '6.18.44')).toEqual([]);
  });
  it('fails loudly when a pod that asked for gVisor runs on the host kernel', () => {
    const problems = runtimeIdentityProblems(host, 'runsc', '6.18.44');
    expect(problems.join('; ')).toMatch(/asked for gVisor/);
    expect(problems.join('; ')).toMatch(/host kernel release/);
  });
  it('flags a runc pod that is in gVisor', () => {
    expect(runtimeIdentityProblems(gvisor, 'runc', '6.18.44').length).toBe(2);
  });
});
