/**
 * What gVisor says about the syscalls it does not support in one sandbox, read on its node.
 *
 * How gVisor reports them (at the pinned version): a syscall its table has as `ErrorWithEvent`
 * (sched_getattr, ...), or a number the table does not have at all (`Missing`), calls
 * `Kernel.EmitUnimplementedEvent`, which counts it in the `/unimplemented_syscalls` metric and
 * sends an `UnimplementedSyscall` event (the thread's registers) down the Sentry's event
 * channel. runsc's boot always registers its compat emitter on that channel
 * (runsc/boot/compat.go): it writes `Unsupported syscall NAME(args…)` at level info, once per
 * syscall per sandbox (per argument for ioctl, prctl, fcntl, sockopts and a few more), to the
 * sandbox's log and to its user log. containerd-shim-runsc-v1 always passes `--user-log
 * <pod log directory>/gvisor.log` (the CRI annotation `io.kubernetes.cri.sandbox-log-directory`),
 * with no runsc flag needed: that file is what is read here. The metric would count every call,
 * but it lives in the Sentry and the kubelet stops a pod's sandbox as soon as its containers
 * have exited, while the log directory stays until the pod is deleted. Syscalls the table has as
 * plain `Error` are counted in the metric but never logged.
 *
 * The chain, by ids only: the workload container's id (pod status) → its sandbox id (the
 * container's `io.kubernetes.cri.sandbox-id` annotation, as containerd holds it) → that
 * sandbox's runtime (must be runsc) and log directory → its gvisor.log.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import { GauntletError } from '../errors.js';
import type { NodeShell } from '../node-access/node-shell.js';
import { syscallNumbers } from './syscall-numbers.js';
import { syscallNumber } from './syscall-table.js';

export const gvisorUserLogName = 'gvisor.log';
const runscRuntime = 'io.containerd.runsc.v1';

export const unsupportedSyscallSchema = z.object({
  name: z.string().min(1),
  /** gVisor's number for the name on the sandbox's arch (its strace table), when known. */
  sysno: z.int().min(0).optional(),
  /** Lines gVisor logged for it: once per sandbox, or once per distinct argument for ioctl-like calls. Not a call count. */
  reports: z.int().min(1),
});
export type UnsupportedSyscall = z.output<typeof unsupportedSyscallSchema>;

/** What gVisor recorded for one runsc sandbox; `problem` set when it could not be read. */
export const gvisorSandboxReportSchema = z.object({
  node: z.string().optional(),
  sandboxId: z.string().optional(),
  /** The file read. */
  source: z.string().optional(),
  syscalls: z.array(unsupportedSyscallSchema),
  /** Why nothing could be read (the sandbox unknown, not runsc, its log missing, no node access). */
  problem: z.string().optional(),
});
export type GvisorSandboxReport = z.output<typeof gvisorSandboxReportSchema>;

const logLine = z.object({ log: z.string() });

/**
 * Pure: the `Unsupported syscall` lines of a gvisor.log (Kubernetes JSON lines, or plain text),
 * grouped by name in the order first seen, with gVisor's number for the arch the line's link names.
 */
export function parseUnsupportedSyscalls(text: string): UnsupportedSyscall[] {
  const byName = new Map<string, UnsupportedSyscall>();
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    let line = raw;
    try {
      const j = logLine.safeParse(JSON.parse(raw));
      if (j.success) line = j.data.log;
    } catch {
      // Not JSON: runsc's text log format; the message is the same.
    }
    const m = /Unsupported syscall ([A-Za-z0-9_]+)\(/.exec(line);
    if (!m?.[1]) continue;
    const name = m[1];
    const arch = /gvisor\.dev\/c\/linux\/([a-z0-9]+)\//.exec(line)?.[1] ?? '';
    const seen = byName.get(name);
    if (seen) {
      seen.reports++;
      continue;
    }
    const sysno = syscallNumber(syscallNumbers, arch, name);
    byName.set(name, { name, ...(sysno !== undefined && { sysno }), reports: 1 });
  }
  return [...byName.values()];
}

const ctrInfo = z.object({
  Runtime: z.object({ Name: z.string() }).optional(),
  SandboxID: z.string().optional(),
  Spec: z.object({ annotations: z.record(z.string(), z.string()).optional() }).optional(),
});
type CtrInfo = z.output<typeof ctrInfo>;

/** Pure: containerd's `ctr containers info` JSON, or why it is not usable. */
export function parseCtrInfo(id: string, text: string): CtrInfo | string {
  try {
    const r = ctrInfo.safeParse(JSON.parse(text));
    return r.success ? r.data : `containerd's record of ${id} is not the expected JSON: ${r.error.issues[0]?.message ?? ''}`;
  } catch {
    return `containerd's record of ${id} is not JSON: ${text.slice(0, 200)}`;
  }
}

const annotation = (info: CtrInfo, key: string): string | undefined => info.Spec?.annotations?.[key];

/** The sandbox id of a CRI container id (`containerd://…` or bare), through containerd on the node. */
export async function sandboxIdOf(shell: NodeShell, node: string, containerId: string): Promise<string> {
  const id = containerId.replace(/^[a-z]+:\/\//, '');
  const info = parseCtrInfo(id, await shell.exec(node, ['ctr', '-n', 'k8s.io', 'containers', 'info', id]));
  if (typeof info === 'string') throw new Error(info);
  const sandbox = annotation(info, 'io.kubernetes.cri.sandbox-id') ?? info.SandboxID;
  if (!sandbox) throw new Error(`container ${id} names no sandbox (no io.kubernetes.cri.sandbox-id annotation)`);
  return sandbox;
}

/** An error in one line: its message and, for a node command, the last line of what it printed (the hint). */
function reason(err: unknown): string {
  const message = (err instanceof Error ? err.message : String(err)).trim().split('\n').slice(0, 3).join(' ');
  const said = err instanceof GauntletError ? err.hint?.trim().split('\n').at(-1) : undefined;
  return said ? `${message}: ${said}` : message;
}

/**
 * What gVisor logged as unsupported in one sandbox. Never throws: a reason it could not be read
 * is part of the evidence (`problem`), so the report says so instead of leaving it out.
 */
export async function readUnsupportedSyscalls(shell: NodeShell, node: string, sandboxId: string): Promise<GvisorSandboxReport> {
  const base = { node, sandboxId };
  let info: CtrInfo | string;
  try {
    info = parseCtrInfo(sandboxId, await shell.exec(node, ['ctr', '-n', 'k8s.io', 'containers', 'info', sandboxId]));
  } catch (err) {
    return { ...base, syscalls: [], problem: `containerd on ${node} has no sandbox ${sandboxId}: ${reason(err)}` };
  }
  if (typeof info === 'string') return { ...base, syscalls: [], problem: info };
  if (info.Runtime?.Name !== runscRuntime) return { ...base, syscalls: [], problem: `sandbox ${sandboxId} runs under ${info.Runtime?.Name ?? 'an unnamed runtime'}, not runsc` };
  const dir = annotation(info, 'io.kubernetes.cri.sandbox-log-directory');
  if (!dir) return { ...base, syscalls: [], problem: `sandbox ${sandboxId} has no log directory (no io.kubernetes.cri.sandbox-log-directory annotation), so the runsc shim gave it no user log` };
  const source = `${dir}/${gvisorUserLogName}`;
  let text: string;
  try {
    text = await shell.exec(node, ['cat', source]);
  } catch (err) {
    return { ...base, source, syscalls: [], problem: `${source}: ${reason(err)}` };
  }
  return { ...base, source, syscalls: parseUnsupportedSyscalls(text) };
}

/** The unsupported syscalls in a sentence: `sched_getattr (315) logged 1×`. */
export const describeSyscall = (s: UnsupportedSyscall): string => `${s.name}${s.sysno !== undefined ? ` (${s.sysno})` : ''} logged ${s.reports}×`;

/**
 * What gVisor logged as unsupported in a finished runsc pod's sandbox, by its container's id.
 * Call it before the pod is deleted: its log directory goes with it. Never throws.
 */
export type NodeReach = { shell: NodeShell } | { unreachable: string };

export async function readPodUnsupportedSyscalls(reach: NodeReach, pod: V1Pod, containerName: string): Promise<GvisorSandboxReport> {
  const node = pod.spec?.nodeName;
  const containerId = pod.status?.containerStatuses?.find((c) => c.name === containerName)?.containerID;
  if ('unreachable' in reach) return { ...(node && { node }), syscalls: [], problem: `no node access: ${reach.unreachable}` };
  const { shell } = reach;
  if (!node || !containerId) return { ...(node && { node }), syscalls: [], problem: `pod ${pod.metadata?.name ?? '?'} has no ${!node ? 'node' : `container id for ${containerName}`}: its container never ran` };
  let sandboxId: string;
  try {
    sandboxId = await sandboxIdOf(shell, node, containerId);
  } catch (err) {
    return { node, syscalls: [], problem: `the sandbox of container ${containerId}: ${reason(err)}` };
  }
  return readUnsupportedSyscalls(shell, node, sandboxId);
}
