import { describe, expect, it } from 'vitest';
import { escapeCatalog } from './catalog.js';
import { groupPod, probeArgs, type AttemptInputs } from './profiles.js';

const inputs: AttemptInputs = {
  canaryPath: '/var/lib/sandbox-gauntlet/canary/r/token',
  canaryDir: '/var/lib/sandbox-gauntlet/canary/r',
  expectSha256: ['a'.repeat(64)],
  targets: { internet: 'http://172.30.98.10:8080/' },
  dnsName: 'r.exfil.canary.test',
  attemptTimeout: '3s',
};

describe('escape profiles', () => {
  it('batches every main attempt into one probe run with its targets', () => {
    const args = probeArgs('main', escapeCatalog, inputs);
    expect(args[0]).toBe('attempt');
    expect(args).toContain('net.http-canary@internet');
    expect(args).not.toContain('ptrace.neighbour');
    expect(args.join(' ')).toContain('--target internet=http://172.30.98.10:8080/');
    expect(probeArgs('neighbour', escapeCatalog, inputs).slice(0, 2)).toEqual(['attempt', 'ptrace.neighbour']);
  });

  it('weakens only the control: privileged root, host PID, hostPath canary and a token', () => {
    const base = { runtime: 'runsc' as const, role: 'main' as const, node: 'n', labels: {}, args: ['attempt'], canaryDir: inputs.canaryDir };
    const control = groupPod({ ...base, profile: 'control' });
    const hardened = groupPod({ ...base, profile: 'hardened' });
    expect(control.spec?.runtimeClassName).toBe('gvisor');
    expect(control.spec?.hostPID).toBe(true);
    expect(control.spec?.automountServiceAccountToken).toBe(true);
    expect(control.spec?.containers[0]?.securityContext?.privileged).toBe(true);
    expect(control.spec?.volumes?.find((v) => v.name === 'node-canary')?.hostPath?.path).toBe(inputs.canaryDir);
    expect(hardened.spec?.hostPID).toBeUndefined();
    expect(hardened.spec?.automountServiceAccountToken).toBe(false);
    expect(hardened.spec?.volumes).toBeUndefined();
    expect(hardened.spec?.containers[0]?.securityContext).toMatchObject({ runAsNonRoot: true, capabilities: { drop: ['ALL'] }, allowPrivilegeEscalation: false });
  });
});
