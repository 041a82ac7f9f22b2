import { describe, expect, it } from 'vitest';
import { InfrastructureError } from '../errors.js';
import type { NodeShell } from '../node-access/node-shell.js';
import { syscallNumbers } from './syscall-numbers.js';
import { parseStraceTable, syscallNumber } from './syscall-table.js';
import { parseUnsupportedSyscalls, readUnsupportedSyscalls, sandboxIdOf } from './unsupported-syscalls.js';

// Two lines as runsc wrote them into a runsc pod's gvisor.log on the local cluster.
const line = (name: string, arch = 'amd64'): string =>
  JSON.stringify({ log: `compat.go:120] Unsupported syscall ${name}(0x0,0x7edafa78f930,0x38,0x0,0xb541d0,0x6). It is likely that you can safely ignore this message and that this is not the cause of any error. Please, refer to https://gvisor.dev/c/linux/${arch}/${name} for more information.`, level: 'info', time: '2026-12-01T21:40:37.532681157Z' });
const userLog = [line('rseq'), line('sched_getattr'), line('ioctl'), line('ioctl'), ''].join('\n');

describe("gVisor's log of unsupported syscalls", () => {
  it('names each syscall once with its number on the arch of the line and how often it was logged', () => {
    expect(parseUnsupportedSyscalls(userLog)).toEqual([
      { name: 'rseq', sysno: 334, reports: 1 },
      { name: 'sched_getattr', sysno: 315, reports: 1 },
      { name: 'ioctl', sysno: 16, reports: 2 },
    ]);
    expect(parseUnsupportedSyscalls(line('sched_getattr', 'arm64'))).toEqual([{ name: 'sched_getattr', sysno: 275, reports: 1 }]);
  });
  it('reads the plain-text log format too, gives sys_N its number, and ignores other lines', () => {
    const text = 'I1201 21:40:37.5 compat.go:120] Unsupported syscall sys_463(0x1,0x2). Please, refer to https://gvisor.dev/c/linux/amd64/sys_463 for more information.\n{"log":"Starting gVisor..."}\nnot json';
    expect(parseUnsupportedSyscalls(text)).toEqual([{ name: 'sys_463', sysno: 463, reports: 1 }]);
    expect(parseUnsupportedSyscalls('')).toEqual([]);
  });
  it("takes the numbers from gVisor's own strace table", () => {
    expect(parseStraceTable('var linuxAMD64 = SyscallMap{\n\t0:   makeSyscallInfo("read", FD),\n\t315: makeSyscallInfo("sched_getattr", Hex, Hex, Hex),\n}')).toEqual({ read: 0, sched_getattr: 315 });
    expect(syscallNumber(syscallNumbers, 'amd64', 'sched_getattr')).toBe(315);
    expect(syscallNumber(syscallNumbers, 'riscv64', 'sched_getattr')).toBeUndefined();
  });
});

/** A node whose containerd knows one workload container and its runsc sandbox. */
function fakeNode(files: Record<string, string>, runtime = 'io.containerd.runsc.v1'): NodeShell {
  const containers: Record<string, unknown> = {
    work1: { Runtime: { Name: runtime }, Spec: { annotations: { 'io.kubernetes.cri.sandbox-id': 'sb1', 'io.kubernetes.cri.container-type': 'container' } } },
    sb1: { Runtime: { Name: runtime }, Spec: { annotations: { 'io.kubernetes.cri.sandbox-log-directory': '/var/log/pods/ns_p_uid' } } },
  };
  return {
    kind: 'local',
    exec: (_node, argv) => {
      const [cmd, ...rest] = argv;
      if (cmd === 'ctr') {
        const id = rest.at(-1) ?? '';
        const c = containers[id];
        return c ? Promise.resolve(JSON.stringify(c)) : Promise.reject(new Error(`ctr: container "${id}" in namespace "k8s.io": not found`));
      }
      const f = files[rest[0] ?? ''];
      // As lib/cluster/nodes.ts fails a node command: what it printed is the hint.
      return f !== undefined ? Promise.resolve(f) : Promise.reject(new InfrastructureError(`command failed on node n1 (exit 1): cat ${rest[0]}`, `cat: ${rest[0]}: No such file or directory`));
    },
  };
}

describe("reading a sandbox's record on its node", () => {
  it('follows the container to its sandbox and reads that sandbox’s gvisor.log', async () => {
    const shell = fakeNode({ '/var/log/pods/ns_p_uid/gvisor.log': userLog });
    expect(await sandboxIdOf(shell, 'n1', 'containerd://work1')).toBe('sb1');
    const r = await readUnsupportedSyscalls(shell, 'n1', 'sb1');
    expect(r).toMatchObject({ node: 'n1', sandboxId: 'sb1', source: '/var/log/pods/ns_p_uid/gvisor.log' });
    expect(r.problem).toBeUndefined();
    expect(r.syscalls.map((s) => s.name)).toEqual(['rseq', 'sched_getattr', 'ioctl']);
  });
  it('says why when the sandbox is unknown, is not runsc, or has no log', async () => {
    const shell = fakeNode({});
    expect((await readUnsupportedSyscalls(shell, 'n1', 'nosuch')).problem).toMatch(/containerd on n1 has no sandbox nosuch: ctr: container "nosuch" .* not found/);
    expect((await readUnsupportedSyscalls(shell, 'n1', 'sb1')).problem).toBe('/var/log/pods/ns_p_uid/gvisor.log: command failed on node n1 (exit 1): cat /var/log/pods/ns_p_uid/gvisor.log: cat: /var/log/pods/ns_p_uid/gvisor.log: No such file or directory');
    expect((await readUnsupportedSyscalls(fakeNode({}, 'io.containerd.runc.v2'), 'n1', 'sb1')).problem).toBe('sandbox sb1 runs under io.containerd.runc.v2, not runsc');
    await expect(sandboxIdOf(shell, 'n1', 'containerd://gone')).rejects.toThrow(/not found/);
  });
});
