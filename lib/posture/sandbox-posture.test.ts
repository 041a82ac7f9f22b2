import { describe, expect, it } from 'vitest';
import { capabilityNames, directfsCapabilities, goferCapabilities, parseSandboxProcesses, postureProblems, type SandboxProcess } from './sandbox-posture.js';

const ns = (same: boolean) =>
  Object.fromEntries(['user', 'pid', 'mnt', 'net', 'ipc', 'uts'].map((k) => [k, { sandbox: `${k}:[1]`, node: same ? `${k}:[1]` : `${k}:[2]` }])) as SandboxProcess['namespaces'];

const good: SandboxProcess = { role: 'sandbox', pid: 9, threads: 21, threadsWithoutFilter: 0, seccomp: '2', noNewPrivs: '1', capEff: 0x8001fn, capPrm: 0x8001fn, capBnd: 0x8001fn, namespaces: ns(false), dirFds: ['66:12', '66:13'], nodeDirs: { '/': '65:2', '/etc': '65:40' } };
const gofer: SandboxProcess = { ...good, role: 'gofer', pid: 8, threads: 6, capEff: 0x4001fn, capPrm: 0x4001fn, capBnd: 0x4001fn };

describe('sandbox posture', () => {
  it('accepts seccomp on every thread, no_new_privs, the directfs capabilities and own namespaces', () => {
    expect(postureProblems(good)).toEqual([]);
    expect(capabilityNames(directfsCapabilities)).toEqual(['CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'SYS_PTRACE']);
  });
  it('names every broken property', () => {
    const bad = { ...good, seccomp: '0', noNewPrivs: '0', threadsWithoutFilter: 3, capEff: 0x3fffffffffn, namespaces: ns(true) };
    const problems = postureProblems(bad);
    expect(problems).toContain('seccomp mode 0 (want 2: filter)');
    expect(problems).toContain('3 of 21 threads without a seccomp filter');
    expect(problems.find((p) => p.startsWith('effective capabilities'))).toContain('SYS_ADMIN');
    expect(problems.filter((p) => p.includes("shares the node's"))).toHaveLength(6);
  });
  it('names a node directory the Sentry holds open (the same device:inode whatever namespace names it)', () => {
    expect(postureProblems({ ...good, dirFds: ['66:12', '65:40'] })).toEqual(["holds the node's own directories open: /etc"]);
    expect(postureProblems({ ...good, nodeDirs: {} }).join()).toMatch(/could not be read/);
  });
  it('holds the gofer to its own capability set (SYS_CHROOT, no SYS_PTRACE) and its own user and mount namespaces', () => {
    expect(postureProblems(gofer)).toEqual([]);
    expect(capabilityNames(goferCapabilities)).toContain('SYS_CHROOT');
    expect(postureProblems({ ...gofer, capEff: 0x8001fn }).join()).toMatch(/effective capabilities beyond the gofer's set: SYS_PTRACE/);
    const sharedMnt = { ...gofer, namespaces: { ...gofer.namespaces, mnt: { sandbox: 'mnt:[2]', node: 'mnt:[2]' } } };
    expect(postureProblems(sharedMnt)).toEqual(["shares the node's mnt namespace (mnt:[2])"]);
  });
});

describe('parseSandboxProcesses', () => {
  it('reads sandbox and gofer lines with their thread counts, beside the node init\'s namespaces', () => {
    const out = [
      'node|user=user:[1];pid=pid:[1];mnt=mnt:[1];net=net:[1];ipc=ipc:[1];uts=uts:[1];',
      'nodedirs|/=65:2;/etc=65:40;',
      'gofer|4704|2|1|000000000004001f|000000000004001f|000000000004001f|user=user:[7];pid=pid:[1];mnt=mnt:[8];net=net:[1];ipc=ipc:[1];uts=uts:[1];|6|0|66:5,',
      'sandbox|4708|2|1|000000000008001f|000000000008001f|000000000008001f|user=user:[9];pid=pid:[10];mnt=mnt:[11];net=net:[12];ipc=ipc:[13];uts=uts:[14];|21|1|66:7,66:8,',
    ].join('\n');
    const [g, s] = parseSandboxProcesses(out);
    expect(g).toMatchObject({ role: 'gofer', pid: 4704, threads: 6, threadsWithoutFilter: 0, capEff: 0x4001fn });
    expect(s).toMatchObject({ role: 'sandbox', threads: 21, threadsWithoutFilter: 1 });
    expect(s?.namespaces.net).toEqual({ sandbox: 'net:[12]', node: 'net:[1]' });
    expect(s).toMatchObject({ dirFds: ['66:7', '66:8'], nodeDirs: { '/': '65:2', '/etc': '65:40' } });
    expect(postureProblems(g as SandboxProcess)).toEqual([]);
    expect(postureProblems(s as SandboxProcess)).toEqual(['1 of 21 threads without a seccomp filter']);
  });
});
