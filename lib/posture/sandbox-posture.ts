/**
 * Host-side posture of gVisor sandboxes, read from the node like gVisor's own sandbox
 * posture checks: for every `runsc-sandbox` (the Sentry) and `runsc-gofer` process, its
 * seccomp mode on every thread, no_new_privs, capability sets and namespaces, compared with
 * the node's init. Reads /proc as root on the node through a NodeShell (docker exec on the
 * local cluster, a node agent elsewhere).
 */
import type { NodeShell } from '../node-access/node-shell.js';

export const namespaceKinds = ['user', 'pid', 'mnt', 'net', 'ipc', 'uts'] as const;
export type NamespaceKind = (typeof namespaceKinds)[number];

export type SandboxRole = 'sandbox' | 'gofer';

export interface SandboxProcess {
  role: SandboxRole;
  pid: number;
  /** Threads of the process, and how many of them run without a seccomp filter (mode ≠ 2). */
  threads: number;
  threadsWithoutFilter: number;
  seccomp: string;
  noNewPrivs: string;
  capEff: bigint;
  capPrm: bigint;
  capBnd: bigint;
  /** Namespace ids of the sandbox and of the node's init, by kind. */
  namespaces: Record<NamespaceKind, { sandbox: string; node: string }>;
  /** Directories the process holds open, as device:inode (the same identity whatever mount namespace names them). */
  dirFds: string[];
  /** The node's own directories that must never be open in a sandbox: path → device:inode. */
  nodeDirs: Record<string, string>;
}

/**
 * Node directories a Sentry or gofer must never hold open: with directfs the Sentry holds fds of
 * the container's own root and volumes, never of the node's (gVisor's posture test checks the
 * Sentry holds no host directory beyond what it serves).
 */
export const guardedNodeDirs = ['/', '/etc', '/root', '/var/lib/kubelet', '/var/lib/containerd', '/run/containerd'] as const;

/**
 * Capabilities the sandbox keeps with directfs (gVisor's default since 2023: the Sentry opens
 * files itself, so it keeps the file-access capabilities, inside its own user namespace):
 * CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER, FSETID, SYS_PTRACE (to run its stubs).
 */
export const directfsCapabilities = (1n << 0n) | (1n << 1n) | (1n << 2n) | (1n << 3n) | (1n << 4n) | (1n << 19n);

/**
 * The gofer serves the container's files: the file-access capabilities and SYS_CHROOT (it
 * pivots into the container's root), as read on a local-cluster node.
 */
export const goferCapabilities = (1n << 0n) | (1n << 1n) | (1n << 2n) | (1n << 3n) | (1n << 4n) | (1n << 18n);

/** What each role may keep, and which namespaces it must not share with the node. */
const roleRules: Record<SandboxRole, { caps: bigint; capsName: string; ownNamespaces: readonly NamespaceKind[] }> = {
  sandbox: { caps: directfsCapabilities, capsName: 'the directfs set', ownNamespaces: namespaceKinds },
  gofer: { caps: goferCapabilities, capsName: "the gofer's set", ownNamespaces: ['user', 'mnt'] },
};

const capNames = ['CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP', 'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE', 'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF', 'CHECKPOINT_RESTORE'];

export function capabilityNames(mask: bigint): string[] {
  return capNames.filter((_, i) => (mask >> BigInt(i)) & 1n);
}

// One line per process: role|pid|Seccomp|NoNewPrivs|CapEff|CapPrm|CapBnd|user=..;pid=..;...|threads|threads without a filter
const script = `
ns() { for k in ${namespaceKinds.join(' ')}; do printf '%s=%s;' $k "$(readlink $1/ns/$k)"; done; }
echo "node|$(ns /proc/1)"
printf 'nodedirs|'; for d in ${guardedNodeDirs.join(' ')}; do [ -d "$d" ] && printf '%s=%s;' "$d" "$(stat -L -c %d:%i "$d")"; done; echo
for p in /proc/[0-9]*; do
  a0=$(tr '\\0' '\\n' < $p/cmdline 2>/dev/null | head -n1)
  case "$a0" in runsc-sandbox) role=sandbox;; runsc-gofer) role=gofer;; *) continue;; esac
  f() { awk -v k="$1:" '$1==k {print $2}' $p/status; }
  t=$(ls $p/task | wc -l); u=$(cat $p/task/*/status 2>/dev/null | awk '$1=="Seccomp:" && $2!="2"' | wc -l)
  d=$(for fd in $p/fd/*; do [ -d "$fd" ] && stat -L -c %d:%i "$fd"; done 2>/dev/null | sort -u | tr '\n' ',')
  echo "$role|\${p#/proc/}|$(f Seccomp)|$(f NoNewPrivs)|$(f CapEff)|$(f CapPrm)|$(f CapBnd)|$(ns $p)|$t|$u|$d"
done`;

function parseNs(s: string): Record<string, string> {
  return Object.fromEntries(
    s
      .split(';')
      .filter(Boolean)
      .map((kv) => kv.split('=') as [string, string]),
  );
}

/** Pure: the script's output as processes, the node init's namespaces beside each one's own. */
export function parseSandboxProcesses(out: string): SandboxProcess[] {
  const lines = out.split('\n').filter((l) => l.includes('|'));
  const nodeNs = parseNs(lines.find((l) => l.startsWith('node|'))?.split('|')[1] ?? '');
  const nodeDirs = parseNs(lines.find((l) => l.startsWith('nodedirs|'))?.split('|')[1] ?? '');
  return lines
    .filter((l) => l.startsWith('sandbox|') || l.startsWith('gofer|'))
    .map((l) => {
      const [role, pid, seccomp, nnp, eff, prm, bnd, ns, threads, unfiltered, dirs] = l.split('|');
      const own = parseNs(ns ?? '');
      return {
        role: role as SandboxRole,
        pid: Number(pid),
        threads: Number(threads ?? 0),
        threadsWithoutFilter: Number(unfiltered ?? 0),
        seccomp: seccomp ?? '',
        noNewPrivs: nnp ?? '',
        capEff: BigInt(`0x${eff || '0'}`),
        capPrm: BigInt(`0x${prm || '0'}`),
        capBnd: BigInt(`0x${bnd || '0'}`),
        namespaces: Object.fromEntries(namespaceKinds.map((k) => [k, { sandbox: own[k] ?? '', node: nodeNs[k] ?? '' }])) as SandboxProcess['namespaces'],
        dirFds: (dirs ?? '').split(',').filter(Boolean),
        nodeDirs,
      };
    });
}

/** Every runsc-sandbox and runsc-gofer process on the node. */
export async function sandboxProcesses(shell: NodeShell, node: string): Promise<SandboxProcess[]> {
  return parseSandboxProcesses(await shell.exec(node, ['sh', '-c', script]));
}

/** What is wrong with one sandbox or gofer process's posture; empty when it holds. */
export function postureProblems(p: SandboxProcess): string[] {
  const rules = roleRules[p.role];
  const problems: string[] = [];
  if (p.seccomp !== '2') problems.push(`seccomp mode ${p.seccomp || 'unknown'} (want 2: filter)`);
  if (p.threadsWithoutFilter > 0) problems.push(`${p.threadsWithoutFilter} of ${p.threads} threads without a seccomp filter`);
  if (p.noNewPrivs !== '1') problems.push(`no_new_privs ${p.noNewPrivs || 'unknown'} (want 1)`);
  for (const [set, mask] of [['effective', p.capEff], ['permitted', p.capPrm], ['bounding', p.capBnd]] as const) {
    const extra = mask & ~rules.caps;
    if (extra !== 0n) problems.push(`${set} capabilities beyond ${rules.capsName}: ${capabilityNames(extra).join(', ')}`);
  }
  for (const k of rules.ownNamespaces) {
    const { sandbox, node } = p.namespaces[k];
    if (!sandbox || sandbox === node) problems.push(`shares the node's ${k} namespace (${sandbox || 'unreadable'})`);
  }
  const held = Object.entries(p.nodeDirs).filter(([, id]) => p.dirFds.includes(id)).map(([path]) => path);
  if (held.length > 0) problems.push(`holds the node's own directories open: ${held.join(', ')}`);
  if (Object.keys(p.nodeDirs).length === 0) problems.push("the node's directories could not be read to compare the open directory fds with");
  return problems;
}
