import { describe, expect, it } from 'vitest';
import { capabilityNames, directfsCapabilities, postureProblems, type SandboxProcess } from './sandbox-posture.js';

const ns = (same: boolean) =>
  Object.fromEntries(['user', 'pid', 'mnt', 'net', 'ipc', 'uts'].map((k) => [k, { sandbox: `${k}:[1]`, node: same ? `${k}:[1]` : `${k}:[2]` }])) as SandboxProcess['namespaces'];

const good: SandboxProcess = { pid: 9, seccomp: '2', noNewPrivs: '1', capEff: 0x8001fn, capPrm: 0x8001fn, capBnd: 0x8001fn, namespaces: ns(false) };

describe('sandbox posture', () => {
  it('accepts seccomp, no_new_privs, the directfs capabilities and own namespaces', () => {
    expect(postureProblems(good)).toEqual([]);
    expect(capabilityNames(directfsCapabilities)).toEqual(['CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'SYS_PTRACE']);
  });
  it('names every broken property', () => {
    const bad = { ...good, seccomp: '0', noNewPrivs: '0', capEff: 0x3fffffffffn, namespaces: ns(true) };
    const problems = postureProblems(bad);
    expect(problems).toContain('seccomp mode 0 (want 2: filter)');
    expect(problems.find((p) => p.startsWith('effective capabilities'))).toContain('SYS_ADMIN');
    expect(problems.filter((p) => p.includes("shares the node's"))).toHaveLength(6);
  });
});
