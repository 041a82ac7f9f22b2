/**
 * Host-side posture of gVisor sandboxes, read from the node like gVisor's own sandbox
 * posture checks: for every `runsc-sandbox` process, its seccomp mode, no_new_privs,
 * capability sets and namespaces, compared with the node's init. Reads /proc as root on the
 * node through a NodeShell (docker exec on the local cluster, a node agent elsewhere).
 */
import type { NodeShell } from '../node-access/node-shell.js';

export const namespaceKinds = ['user', 'pid', 'mnt', 'net', 'ipc', 'uts'] as const;
export type NamespaceKind = (typeof namespaceKinds)[number];

export interface SandboxProcess {
  pid: number;
  seccomp: string;
  noNewPrivs: string;
  capEff: bigint;
  capPrm: bigint;
  capBnd: bigint;
  /** Namespace ids of the sandbox and of the node's init, by kind. */
  namespaces: Record<NamespaceKind, { sandbox: string; node: string }>;
}

/**
 * Capabilities the sandbox keeps with directfs (gVisor's default since 2023: the Sentry opens
 * files itself, so it keeps the file-access capabilities, inside its own user namespace):
 * CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER, FSETID, SYS_PTRACE (to run its stubs).
 */
export const directfsCapabilities = (1n << 0n) | (1n << 1n) | (1n << 2n) | (1n << 3n) | (1n << 4n) | (1n << 19n);

const capNames = ['CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP', 'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE', 'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF', 'CHECKPOINT_RESTORE'];

export function capabilityNames(mask: bigint): string[] {
  return capNames.filter((_, i) => (mask >> BigInt(i)) & 1n);
}

// One line per process: pid|Seccomp|NoNewPrivs|CapEff|CapPrm|CapBnd|user=..;pid=..;...
const script = `
ns() { for k in ${namespaceKinds.join(' ')}; do printf '%s=%s;' $k "$(readlink $1/ns/$k)"; done; }
echo "node|$(ns /proc/1)"
for p in /proc/[0-9]*; do
  a0=$(tr '\\0' '\\n' < $p/cmdline 2>/dev/null | head -n1)
  [ "$a0" = runsc-sandbox ] || continue
  f() { awk -v k="$1:" '$1==k {print $2}' $p/status; }
  echo "\${p#/proc/}|$(f Seccomp)|$(f NoNewPrivs)|$(f CapEff)|$(f CapPrm)|$(f CapBnd)|$(ns $p)"
done`;

function parseNs(s: string): Record<string, string> {
  return Object.fromEntries(
    s
      .split(';')
      .filter(Boolean)
      .map((kv) => kv.split('=') as [string, string]),
  );
}

/** Every runsc-sandbox process on the node, with the node init's namespaces beside its own. */
export async function sandboxProcesses(shell: NodeShell, node: string): Promise<SandboxProcess[]> {
  const lines = (await shell.exec(node, ['sh', '-c', script])).split('\n').filter((l) => l.includes('|'));
  const nodeNs = parseNs(lines.find((l) => l.startsWith('node|'))?.split('|')[1] ?? '');
  return lines
    .filter((l) => !l.startsWith('node|'))
    .map((l) => {
      const [pid, seccomp, nnp, eff, prm, bnd, ns] = l.split('|');
      const own = parseNs(ns ?? '');
      return {
        pid: Number(pid),
        seccomp: seccomp ?? '',
        noNewPrivs: nnp ?? '',
        capEff: BigInt(`0x${eff || '0'}`),
        capPrm: BigInt(`0x${prm || '0'}`),
        capBnd: BigInt(`0x${bnd || '0'}`),
        namespaces: Object.fromEntries(namespaceKinds.map((k) => [k, { sandbox: own[k] ?? '', node: nodeNs[k] ?? '' }])) as SandboxProcess['namespaces'],
      };
    });
}

/** What is wrong with one sandbox's posture; empty when it holds. */
export function postureProblems(p: SandboxProcess): string[] {
  const problems: string[] = [];
  if (p.seccomp !== '2') problems.push(`seccomp mode ${p.seccomp || 'unknown'} (want 2: filter)`);
  if (p.noNewPrivs !== '1') problems.push(`no_new_privs ${p.noNewPrivs || 'unknown'} (want 1)`);
  for (const [set, mask] of [['effective', p.capEff], ['permitted', p.capPrm], ['bounding', p.capBnd]] as const) {
    const extra = mask & ~directfsCapabilities;
    if (extra !== 0n) problems.push(`${set} capabilities beyond the directfs set: ${capabilityNames(extra).join(', ')}`);
  }
  for (const k of namespaceKinds) {
    const { sandbox, node } = p.namespaces[k];
    if (!sandbox || sandbox === node) problems.push(`shares the node's ${k} namespace (${sandbox || 'unreadable'})`);
  }
  return problems;
}
