/**
 * The escape catalog: every attempt the isolation suite makes, as data. docs/escape-catalog.md
 * is rendered from it (lib/escape/catalog-markdown.ts; a unit test keeps the two equal).
 *
 * Each attempt runs in four cells: {runc, runsc} × {hardened, control}. The control profile is
 * deliberately weakened so that the attempt works under runc: if it does not, the probe is
 * broken and every "blocked" result of that attempt proves nothing (probe-invalid).
 */
import type { EscapeVerdict } from '../vocabulary.js';

export const escapeCategories = ['filesystem', 'device', 'kernel', 'mount', 'namespace', 'ptrace', 'syscall', 'network', 'control-plane'] as const;
export type EscapeCategory = (typeof escapeCategories)[number];

/**
 * What proves success, so a probe cannot claim an escape it did not make. Every escape attempt
 * is proven from outside the pod, by the same rule under runc and runsc (no verdict follows
 * from the runtime alone):
 * - canary-token: the probe read back a random token planted on the node or served by a canary
 *   host of this run (compared by sha256; the token itself never reaches a report)
 * - node-fact: the probe read something only the node has (a kernel-log record, containerd's
 *   version and revision, the bytes of /dev/mem or of the node's disk), compared by sha256 with
 *   what the harness read on the node itself
 * - node-change: the harness, reading the node before and after the pod (which runs alone),
 *   sees the change the attempt would make on the host: a kernel knob or a release_agent set to
 *   the value this cell wrote, a spoofed packet counted by a rule on the node, a module-loader
 *   record in the node's kernel log
 * - admission-answer: the API server answered a server-side dry-run create (the whole admission
 *   chain ran, nothing was created) with the admitted pod, echoing this run's mark
 * - kernel-answer: kernel attack surface only (scope `attack-surface`): which kernel (host or
 *   Sentry) answered the call and whether it granted it; never an escape verdict
 */
export const evidenceKinds = ['canary-token', 'node-fact', 'node-change', 'admission-answer', 'kernel-answer'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

/**
 * Probe pods of one runtime × profile group: `main` runs most attempts, `neighbour` shares its
 * PID namespace with the pause process, `writer` makes the node-change attempts and runs alone
 * (one cell at a time), so a change seen on the node belongs to that cell; `tenant` runs the
 * control-plane attempts in a tenant namespace with a mounted service-account token.
 */
export const probePodRoles = ['main', 'neighbour', 'writer', 'tenant'] as const;
export type ProbePodRole = (typeof probePodRoles)[number];

/**
 * Targets a tagged network attempt is pointed at (`net.http-canary@internet`); the matrix
 * fills in addresses of the canaries it started.
 */
export const targetTags = ['internet', 'internet-dns', 'metadata', 'api-secret', 'kubelet-pods', 'victim', 'nodeport', 'cp-configmap', 'cp-nodes', 'kubelet-readonly'] as const;
export type TargetTag = (typeof targetTags)[number];

/** A fact about the node checked before the attempt; when false, no pod on that node can do it, so every cell is not-applicable. */
export interface NodePrecondition {
  /** Shell test run on the node (sh -c); exit 0 means the node has the feature. */
  check: string;
  /** Said in the not-applicable reason when the check fails. */
  absent: string;
}

export interface EscapeAttempt {
  id: string;
  category: EscapeCategory;
  /** The probe attempt (fixtures/probe) and, for network attempts, the target it is pointed at. */
  probe: { attempt: string; tag?: TargetTag };
  pod: ProbePodRole;
  /** The test's claim for the hardened profile, completed with " under <runtime>". */
  claim: string;
  /** What counts as success, and how it is proven. */
  success: string;
  evidence: EvidenceKind;
  /** What the control profile grants so the attempt can work. */
  control: string;
  /**
   * Verdicts expected on a cluster like the local one. `control.runc` is always `escaped`.
   * For attempts only NetworkPolicy can stop, the hardened verdicts hold where the CNI enforces
   * NetworkPolicy; elsewhere the hardened cells are escaped, the cause named (see networkPolicyOnly).
   */
  expected: {
    hardened: { runc: EscapeVerdict; runsc: EscapeVerdict };
    control: { runc: 'escaped'; runsc: EscapeVerdict };
  };
  /** CVEs, MITRE ATT&CK techniques, and the toolkit checks (CDK, deepce, amicontained, Peirates, kube-hunter) it mirrors. */
  references: string[];
  requires?: NodePrecondition;
  /** Only a NetworkPolicy (or an equivalent egress filter) stands between a hardened pod and the target. */
  networkPolicyOnly?: boolean;
  /**
   * Set when the hardened pod is blocked only because the harness's own pod spec gave it nothing
   * to use (no hostPath, no token): such a block is reported, never counted as judged evidence of
   * what the cluster would allow a tenant (that is the control-plane category's question).
   */
  hardenedBlockIsOwnSpec?: string;
  /**
   * `attack-surface`: a privilege probe whose effect stays inside the pod's own namespaces (a
   * mount, a namespace, ptrace of the pod's own pid 1, a bpf/perf/userfaultfd fd, the pod's own
   * keyring). Not an escape: reported apart, as which kernel answered and whether it granted
   * it, and never counted toward the security verdict. Unset: an escape attempt.
   */
  scope?: 'attack-surface';
}

/** Is this catalog entry an escape attempt (counted by the gate), not kernel attack surface? */
export const isEscapeAttempt = (e: Pick<EscapeAttempt, 'scope'>): boolean => e.scope !== 'attack-surface';

const policyThenGvisor = { hardened: { runc: 'blocked-by-policy', runsc: 'blocked-by-gvisor' }, control: { runc: 'escaped', runsc: 'blocked-by-gvisor' } } as const;
const policyBoth = { hardened: { runc: 'blocked-by-policy', runsc: 'blocked-by-policy' }, control: { runc: 'escaped', runsc: 'escaped' } } as const;

const privileged = 'privileged, root';

const variantClaims = { privileged: 'privileged', hostpath: 'hostPath (/etc)', hostpid: 'hostPID', hostnetwork: 'hostNetwork' } as const;

export const escapeCatalog: readonly EscapeAttempt[] = [
  // ---- filesystem ----
  {
    id: 'fs.proc1-root-canary',
    category: 'filesystem',
    probe: { attempt: 'fs.proc1-root-canary' },
    pod: 'main',
    claim: 'blocks reading the node canary through /proc/1/root',
    success: "the probe reads the run's canary token from the node's filesystem through /proc/1/root/<canary-path>",
    evidence: 'canary-token',
    control: `hostPID, ${privileged}: /proc/1 is the node's init`,
    expected: policyThenGvisor,
    references: ['ATT&CK T1611 (Escape to Host)', 'CDK: mount/proc host escape checks', 'deepce: host PID namespace check'],
  },
  {
    id: 'fs.hostpath-canary',
    category: 'filesystem',
    probe: { attempt: 'fs.hostpath-canary' },
    pod: 'main',
    claim: 'keeps the node canary out of reach of a pod without a hostPath mount',
    success: "the probe reads the run's canary token at /host-canary/token inside the container",
    evidence: 'canary-token',
    control: 'a hostPath volume of the node canary directory at /host-canary',
    expected: policyBoth,
    hardenedBlockIsOwnSpec: 'the hardened pod spec has no hostPath volume',
    references: ['ATT&CK T1611', 'CIS Kubernetes 5.2 (hostPath)', 'Peirates: hostPath mount pod', 'CDK: mount host dir check'],
  },
  {
    id: 'fs.symlink-escape',
    category: 'filesystem',
    probe: { attempt: 'fs.symlink-escape' },
    pod: 'main',
    claim: 'resolves a symlink to the node canary inside the sandbox, not on the node',
    success: 'a symlink created in the container to /proc/1/root/<canary-path> reads back the canary token',
    evidence: 'canary-token',
    control: `hostPID, ${privileged}`,
    expected: policyThenGvisor,
    references: ['CVE-2017-1002101 (subPath symlink)', 'CVE-2021-25741', 'ATT&CK T1611'],
  },
  {
    id: 'fs.runtime-socket',
    category: 'filesystem',
    probe: { attempt: 'fs.runtime-socket' },
    pod: 'main',
    claim: "keeps the container runtime's socket unreachable",
    success: "a gRPC Version call on containerd's socket answers with the node's containerd version and revision (as `containerd --version` prints them on the node)",
    evidence: 'node-fact',
    control: 'a hostPath volume of /run/containerd',
    expected: policyThenGvisor,
    hardenedBlockIsOwnSpec: 'the hardened pod spec mounts no runtime socket',
    references: ['ATT&CK T1610 (Deploy Container)', 'CDK: docker.sock / containerd-shim checks', 'deepce: container socket check'],
  },
  // ---- devices ----
  {
    id: 'dev.mknod-block',
    category: 'device',
    probe: { attempt: 'dev.mknod-block' },
    pod: 'main',
    claim: "blocks reading the node's disk through a new block device node",
    success: "mknod of the node's first disk and a read of its first sector give the bytes the harness reads from that disk on the node (compared by sha256)",
    evidence: 'node-fact',
    control: privileged,
    expected: policyThenGvisor,
    references: ['ATT&CK T1006 (Direct Volume Access)', 'CDK: mount disk device check', 'amicontained: capability MKNOD'],
    requires: {
      check: 'd=$(for u in /sys/dev/block/*/uevent; do grep -q DEVTYPE=disk $u && ! grep -qE "DEVNAME=(loop|ram|zram|dm-)" $u && basename $(dirname $u) && break; done); [ -n "$d" ] && f=$(mktemp -u) && mknod $f b ${d%:*} ${d#*:} && head -c 512 $f >/dev/null; r=$?; rm -f $f; exit $r',
      absent: 'the node itself cannot open its disk (the node container has no access to it), so no pod on it can',
    },
  },
  {
    id: 'dev.mem-read',
    category: 'device',
    probe: { attempt: 'dev.mem-read' },
    pod: 'main',
    claim: 'blocks reading physical memory through /dev/mem',
    success: 'a read of /dev/mem at offset 0 returns the 16 bytes the harness reads there on the node',
    evidence: 'node-fact',
    control: `${privileged} (host devices)`,
    expected: policyThenGvisor,
    references: ['ATT&CK T1611', 'CDK: /dev/mem check'],
    requires: { check: 'test -c /dev/mem', absent: 'the node has no /dev/mem' },
  },
  {
    id: 'dev.kmsg-read',
    category: 'device',
    probe: { attempt: 'dev.kmsg-read' },
    pod: 'main',
    claim: "blocks reading the node's kernel log through /dev/kmsg",
    success: "among the kernel-log records the probe reads is one the harness read on the node just before (compared by sha256)",
    evidence: 'node-fact',
    control: `${privileged} (CAP_SYSLOG, host devices)`,
    expected: policyThenGvisor,
    references: ['ATT&CK T1082 (System Information Discovery)', 'amicontained: dmesg / kmsg', 'CIS: kernel.dmesg_restrict'],
  },
  // ---- kernel parameters and cgroups ----
  {
    id: 'kernel.sysrq-write',
    category: 'kernel',
    probe: { attempt: 'kernel.sysrq-write' },
    pod: 'writer',
    claim: 'blocks writing /proc/sys/kernel/sysrq',
    success: "the node's /proc/sys/kernel/sysrq holds the mask this cell wrote (the harness reads it on the node before and after, and puts the old value back)",
    evidence: 'node-change',
    control: privileged,
    expected: policyThenGvisor,
    references: ['ATT&CK T1611', 'CDK: /proc/sysrq-trigger check'],
    requires: { check: 'test -e /proc/sys/kernel/sysrq', absent: 'the node kernel has no magic SysRq (no /proc/sys/kernel/sysrq)' },
  },
  {
    id: 'kernel.core-pattern-write',
    category: 'kernel',
    probe: { attempt: 'kernel.core-pattern-write' },
    pod: 'writer',
    claim: 'blocks writing /proc/sys/kernel/core_pattern',
    success: "the node's /proc/sys/kernel/core_pattern holds the plain file name this cell wrote (the core_pattern escape writes a pipe instead; the harness puts the old value back)",
    evidence: 'node-change',
    control: privileged,
    expected: policyThenGvisor,
    references: ['ATT&CK T1611', 'CDK: rewrite core_pattern exploit (mount-procfs)', 'deepce: core_pattern check'],
  },
  {
    id: 'kernel.sys-write',
    category: 'kernel',
    probe: { attempt: 'kernel.sys-write' },
    pod: 'writer',
    claim: 'blocks writing to /sys',
    success: "the node's /sys/kernel/mm/transparent_hugepage/khugepaged/pages_to_scan holds the number this cell wrote (the harness puts the old value back)",
    evidence: 'node-change',
    control: privileged,
    expected: policyThenGvisor,
    references: ['ATT&CK T1611', 'CDK: writable /sys check'],
    requires: {
      check: 'awk \'$2=="/sys" && $3=="sysfs" {print $4}\' /proc/mounts | grep -q "^rw"',
      absent: "the node's own /sys is read-only, so no pod on it can write /sys",
    },
  },
  {
    id: 'cgroup.release-agent',
    category: 'kernel',
    probe: { attempt: 'cgroup.release-agent' },
    pod: 'writer',
    claim: 'blocks mounting a cgroup v1 hierarchy and writing its release_agent',
    success: "a cgroup v1 hierarchy mounts and the release_agent of that hierarchy on the node holds the (nonexistent) path this cell wrote; the harness puts the old agent back",
    evidence: 'node-change',
    control: privileged,
    expected: policyThenGvisor,
    references: ['CVE-2022-0492', 'ATT&CK T1611', 'CDK: mount-cgroup exploit', 'deepce: release_agent exploit'],
  },
  // ---- mounts and namespaces ----
  {
    id: 'mount.proc',
    scope: 'attack-surface',
    category: 'mount',
    probe: { attempt: 'mount.proc' },
    pod: 'main',
    claim: 'blocks mounting a new procfs',
    success: 'mount(2) of a new procfs returns success',
    evidence: 'kernel-answer',
    control: privileged,
    expected: policyThenGvisor,
    references: ['CVE-2019-5736 class (procfs tricks)', 'ATT&CK T1611', 'amicontained: capability SYS_ADMIN'],
  },
  {
    id: 'mount.tmpfs',
    scope: 'attack-surface',
    category: 'mount',
    probe: { attempt: 'mount.tmpfs' },
    pod: 'main',
    claim: 'blocks mounting a tmpfs',
    success: 'mount(2) of a tmpfs returns success and a file can be written in it',
    evidence: 'kernel-answer',
    control: privileged,
    expected: policyThenGvisor,
    references: ['ATT&CK T1611', 'amicontained: capability SYS_ADMIN'],
  },
  {
    id: 'unshare.userns',
    scope: 'attack-surface',
    category: 'namespace',
    probe: { attempt: 'unshare.userns' },
    pod: 'main',
    claim: 'blocks creating a user namespace',
    success: 'a child starts in a new user namespace (the entry to many kernel exploits)',
    evidence: 'kernel-answer',
    control: `${privileged}, seccomp unconfined`,
    expected: policyThenGvisor,
    references: ['CVE-2022-0185', 'CVE-2023-32233', 'amicontained: user namespace check'],
  },
  {
    id: 'unshare.mntns',
    scope: 'attack-surface',
    category: 'namespace',
    probe: { attempt: 'unshare.mntns' },
    pod: 'main',
    claim: 'blocks creating a mount namespace',
    success: 'a child starts in a new mount namespace',
    evidence: 'kernel-answer',
    control: `${privileged}, seccomp unconfined`,
    expected: policyThenGvisor,
    references: ['ATT&CK T1611', 'amicontained: seccomp-blocked unshare'],
  },
  {
    id: 'ptrace.neighbour',
    scope: 'attack-surface',
    category: 'ptrace',
    probe: { attempt: 'ptrace.neighbour' },
    pod: 'neighbour',
    claim: 'blocks ptrace of a neighbouring process',
    success: "PTRACE_SEIZE of the pod's pause process (pid 1, another user) succeeds",
    evidence: 'kernel-answer',
    control: `${privileged} (CAP_SYS_PTRACE), shared PID namespace`,
    expected: policyThenGvisor,
    references: ['ATT&CK T1055.008 (Ptrace System Calls)', 'amicontained: capability SYS_PTRACE', 'CDK: ptrace check'],
  },
  // ---- syscalls ----
  {
    id: 'syscall.open-by-handle-at',
    category: 'syscall',
    probe: { attempt: 'syscall.open-by-handle-at' },
    pod: 'main',
    claim: 'blocks open_by_handle_at on a node filesystem (shocker)',
    success: "open_by_handle_at, with the node canary's file handle (taken on the node) and a bind-mounted file of the node's filesystem, reads back the canary token",
    evidence: 'canary-token',
    control: `${privileged} (CAP_DAC_READ_SEARCH)`,
    expected: policyThenGvisor,
    references: ['shocker (2014)', 'ATT&CK T1611', 'amicontained: capability DAC_READ_SEARCH'],
  },
  {
    id: 'syscall.init-module',
    category: 'syscall',
    probe: { attempt: 'syscall.init-module' },
    pod: 'writer',
    claim: 'blocks loading a kernel module',
    success: "init_module of an invalid image reaches the node kernel's module loader: the node's kernel log gains a module-loader record while this cell alone runs",
    evidence: 'node-change',
    control: `${privileged} (CAP_SYS_MODULE)`,
    expected: policyThenGvisor,
    references: ['ATT&CK T1547.006 (Kernel Modules)', 'CDK: lkm check', 'amicontained: capability SYS_MODULE'],
    requires: { check: 'test -e /proc/modules', absent: 'the node kernel has no loadable-module support (no /proc/modules)' },
  },
  {
    id: 'syscall.bpf',
    scope: 'attack-surface',
    category: 'syscall',
    probe: { attempt: 'syscall.bpf' },
    pod: 'main',
    claim: 'blocks loading a BPF program',
    success: 'bpf(BPF_PROG_LOAD) of a socket filter returns a program fd',
    evidence: 'kernel-answer',
    control: `${privileged}, seccomp unconfined`,
    expected: policyThenGvisor,
    references: ['CVE-2021-3490', 'CVE-2021-31440', 'amicontained: seccomp-blocked bpf'],
  },
  {
    id: 'syscall.perf-event-open',
    scope: 'attack-surface',
    category: 'syscall',
    probe: { attempt: 'syscall.perf-event-open' },
    pod: 'main',
    claim: 'blocks perf_event_open',
    success: 'perf_event_open of a software counter returns an fd',
    evidence: 'kernel-answer',
    control: `${privileged}, seccomp unconfined`,
    expected: policyThenGvisor,
    references: ['CVE-2013-2094', 'CVE-2023-2235', 'amicontained: seccomp-blocked perf_event_open'],
  },
  {
    id: 'syscall.userfaultfd',
    scope: 'attack-surface',
    category: 'syscall',
    probe: { attempt: 'syscall.userfaultfd' },
    pod: 'main',
    claim: 'blocks userfaultfd',
    success: 'userfaultfd(2) handling kernel faults returns an fd (a race-widening primitive of kernel exploits)',
    evidence: 'kernel-answer',
    control: `${privileged}, seccomp unconfined`,
    expected: policyThenGvisor,
    references: ['CVE-2021-22555 (exploit technique)', 'amicontained: seccomp-blocked syscalls'],
  },
  {
    id: 'syscall.keyctl',
    scope: 'attack-surface',
    category: 'syscall',
    probe: { attempt: 'syscall.keyctl' },
    pod: 'main',
    claim: 'blocks the kernel keyring (keyctl)',
    success: 'keyctl reads the session keyring',
    evidence: 'kernel-answer',
    control: `${privileged}, seccomp unconfined`,
    expected: policyThenGvisor,
    references: ['CVE-2016-0728', 'amicontained: seccomp-blocked keyctl'],
  },
  // ---- network ----
  {
    id: 'net.raw-socket',
    category: 'network',
    probe: { attempt: 'net.raw-socket' },
    pod: 'writer',
    claim: 'blocks raw packet sockets (ARP spoofing, sniffing)',
    success: 'a frame sent from socket(AF_PACKET, SOCK_RAW) with a spoofed source address (TEST-NET-1) to the node is counted by a rule in the node\'s raw PREROUTING chain, which then drops it',
    evidence: 'node-change',
    control: `${privileged} (CAP_NET_RAW)`,
    expected: policyThenGvisor,
    references: ['CVE-2020-14386', 'ATT&CK T1557.002 (ARP Cache Poisoning)', 'kube-hunter: ARP spoofing hunter', 'amicontained: capability NET_RAW'],
  },
  {
    id: 'net.internet-http',
    category: 'network',
    probe: { attempt: 'net.http-canary', tag: 'internet' },
    pod: 'main',
    claim: 'blocks egress to the internet canary',
    success: 'an HTTP GET of the "internet" canary host (a container on a separate Docker network) returns the canary token',
    evidence: 'canary-token',
    control: 'a permit for the canary host in the egress guard, open only while the control pods run',
    expected: policyBoth,
    references: ['ATT&CK T1041 (Exfiltration Over C2 Channel)', 'kube-hunter: external access'],
  },
  {
    id: 'net.internet-dns',
    category: 'network',
    probe: { attempt: 'net.dns-exfil', tag: 'internet-dns' },
    pod: 'main',
    claim: 'blocks DNS exfiltration to a canary resolver',
    success: "a TXT query for <run-id>.exfil.canary.test sent to the canary resolver is answered with the canary token",
    evidence: 'canary-token',
    control: 'the same egress permit as net.internet-http',
    expected: policyBoth,
    references: ['ATT&CK T1048.003 (Exfiltration Over Alternative Protocol)', 'ATT&CK T1071.004 (DNS)'],
  },
  {
    id: 'net.metadata',
    category: 'network',
    probe: { attempt: 'net.http-canary', tag: 'metadata' },
    pod: 'main',
    claim: 'blocks the cloud metadata service at 169.254.169.254',
    success: 'an HTTP GET of http://169.254.169.254/ returns the canary token from the fake metadata service on the node',
    evidence: 'canary-token',
    control: 'nothing: only a NetworkPolicy (or metadata concealment) stands in the way',
    expected: policyBoth,
    references: ['ATT&CK T1552.005 (Cloud Instance Metadata API)', 'kube-hunter: cloud metadata hunters', 'Peirates: get cloud credentials'],
    networkPolicyOnly: true,
  },
  {
    id: 'net.api-secret-token',
    category: 'network',
    probe: { attempt: 'net.api-read', tag: 'api-secret' },
    pod: 'main',
    claim: 'gives a pod no service-account token that reads the canary Secret',
    success: "a GET of the canary Secret from the API server with the pod's service-account token returns the canary token",
    evidence: 'canary-token',
    control: 'a mounted service-account token allowed (by a Role) to get the canary Secret',
    expected: policyBoth,
    hardenedBlockIsOwnSpec: 'the hardened pod spec mounts no service-account token',
    references: ['ATT&CK T1528 (Steal Application Access Token)', 'Peirates: list secrets with the pod token', 'kube-hunter: access to API using service account token'],
  },
  {
    id: 'net.api-secret-anonymous',
    category: 'network',
    probe: { attempt: 'net.api-read-anonymous', tag: 'api-secret' },
    pod: 'main',
    claim: 'refuses anonymous reads of the canary Secret',
    success: 'an anonymous GET of the canary Secret from the API server returns the canary token',
    evidence: 'canary-token',
    control: 'a RoleBinding of system:anonymous to get the canary Secret, present only while the control pods run',
    expected: policyBoth,
    references: ['ATT&CK T1552.007 (Container API)', 'kube-hunter: API server anonymous access (KHV005)'],
  },
  {
    id: 'net.kubelet-pods',
    category: 'network',
    probe: { attempt: 'net.api-read', tag: 'kubelet-pods' },
    pod: 'main',
    claim: "refuses the node's kubelet API (port 10250)",
    success: "a GET of https://<node-ip>:10250/pods returns the canary victim pod's spec, which carries the canary token",
    evidence: 'canary-token',
    control: 'a service-account token allowed (by a ClusterRole) nodes/proxy',
    expected: policyBoth,
    references: ['ATT&CK T1613 (Container and Resource Discovery)', 'kube-hunter: kubelet secure port hunters (KHV036, KHV052)', 'Peirates: kubelet API'],
  },
  {
    id: 'net.other-namespace-pod',
    category: 'network',
    probe: { attempt: 'net.http-canary', tag: 'victim' },
    pod: 'main',
    claim: 'blocks reaching a pod in another namespace',
    success: 'an HTTP GET of the canary victim pod (another namespace) returns the canary token',
    evidence: 'canary-token',
    control: 'nothing: only a NetworkPolicy stands in the way',
    expected: policyBoth,
    references: ['ATT&CK T1210 (Exploitation of Remote Services)', 'kube-hunter: pod network discovery'],
    networkPolicyOnly: true,
  },
  {
    id: 'net.nodeport',
    category: 'network',
    probe: { attempt: 'net.http-canary', tag: 'nodeport' },
    pod: 'main',
    claim: "blocks reaching a NodePort on the node's address",
    success: "an HTTP GET of the canary NodePort service on the node's IP returns the canary token",
    evidence: 'canary-token',
    control: 'nothing: only a NetworkPolicy stands in the way',
    expected: policyBoth,
    references: ['ATT&CK T1046 (Network Service Discovery)', 'kube-hunter: node port scan'],
    networkPolicyOnly: true,
  },
  // ---- control plane: from a tenant pod with a mounted service-account token ----
  ...(['privileged', 'hostpath', 'hostpid', 'hostnetwork'] as const).map(
    (variant): EscapeAttempt => ({
      id: `cp.${variant}-pod`,
      category: 'control-plane',
      probe: { attempt: `cp.create-${variant}-pod` },
      pod: 'tenant',
      claim: `refuses a tenant's ${variantClaims[variant]} pod at admission`,
      success: `a server-side dry-run create (dryRun=All: the whole admission chain runs, nothing is created) of a ${variantClaims[variant]} pod in the tenant namespace is admitted, the answer echoing this run's mark`,
      evidence: 'admission-answer',
      control: 'a namespace with Pod Security "privileged" and a ServiceAccount that may create pods',
      expected: policyBoth,
      references: ['ATT&CK T1610 (Deploy Container)', 'ATT&CK T1611', 'Peirates: create a privileged/hostPath pod', 'CDK: k8s_backdoor_daemonset', 'Microsoft threat matrix: Privileged container, Writable hostPath mount'],
    }),
  ),
  {
    id: 'cp.runc-fallback',
    category: 'control-plane',
    probe: { attempt: 'cp.create-runc-pod' },
    pod: 'tenant',
    claim: 'refuses a tenant pod without the gVisor RuntimeClass at admission (the runc fallback)',
    success: "a server-side dry-run create of an otherwise restricted pod without runtimeClassName in the tenant namespace is admitted, the answer echoing this run's mark",
    evidence: 'admission-answer',
    control: 'a namespace that is not labelled a tenant namespace (no runtime admission policy binds to it)',
    expected: policyBoth,
    references: ["The seeds: the dispatcher's fallback when gVisor is not available", 'deploy/tenant-runtime-policy.yaml (ValidatingAdmissionPolicy)'],
  },
  {
    id: 'cp.exec-victim',
    category: 'control-plane',
    probe: { attempt: 'cp.exec-victim' },
    pod: 'tenant',
    claim: "refuses a tenant's exec into another namespace's pod through the API",
    success: "an exec (pods/exec over a WebSocket) of `cat /canary/token` in the victim pod returns the canary token",
    evidence: 'canary-token',
    control: 'a Role allowing pods/exec in the victim namespace',
    expected: policyBoth,
    references: ['ATT&CK T1609 (Container Administration Command)', 'Peirates: exec into pods', 'kube-hunter: exec hunters', 'Microsoft threat matrix: Exec into container'],
  },
  {
    id: 'cp.read-secret',
    category: 'control-plane',
    probe: { attempt: 'net.api-read', tag: 'api-secret' },
    pod: 'tenant',
    claim: "refuses a tenant's read of another namespace's Secret",
    success: "a GET of the canary Secret with the tenant pod's own service-account token returns the canary token",
    evidence: 'canary-token',
    control: 'a Role allowing get on the canary Secret',
    expected: policyBoth,
    references: ['ATT&CK T1552.007 (Container API)', 'Peirates: list and get secrets', 'CDK: k8s_secret_dump', 'Microsoft threat matrix: List Kubernetes secrets'],
  },
  {
    id: 'cp.read-configmap',
    category: 'control-plane',
    probe: { attempt: 'net.api-read', tag: 'cp-configmap' },
    pod: 'tenant',
    claim: "refuses a tenant's read of another namespace's ConfigMap",
    success: "a GET of the canary ConfigMap with the tenant pod's own token returns the canary token",
    evidence: 'canary-token',
    control: 'a Role allowing get on the canary ConfigMap',
    expected: policyBoth,
    references: ['ATT&CK T1552 (Unsecured Credentials)', 'CDK: k8s_configmap_dump'],
  },
  {
    id: 'cp.mint-token',
    category: 'control-plane',
    probe: { attempt: 'cp.mint-token' },
    pod: 'tenant',
    claim: 'refuses a tenant a token for another ServiceAccount',
    success: "a TokenRequest for the victim ServiceAccount succeeds, and the minted token reads the canary Secret (only the victim may)",
    evidence: 'canary-token',
    control: 'a Role allowing create on serviceaccounts/token of the victim',
    expected: policyBoth,
    references: ['ATT&CK T1528 (Steal Application Access Token)', 'Peirates: request service account tokens', 'Microsoft threat matrix: Access managed identity credentials'],
  },
  {
    id: 'cp.list-nodes',
    category: 'control-plane',
    probe: { attempt: 'net.api-read', tag: 'cp-nodes' },
    pod: 'tenant',
    claim: 'refuses a tenant the list of nodes',
    success: "a GET of /api/v1/nodes with the tenant's token lists the probe node, matched by its uid as the harness reads it",
    evidence: 'node-fact',
    control: 'a ClusterRole allowing list on nodes',
    expected: policyBoth,
    references: ['ATT&CK T1613 (Container and Resource Discovery)', 'kube-hunter: API server discovery', 'Peirates: list nodes'],
  },
  {
    id: 'cp.kubelet-pods',
    category: 'control-plane',
    probe: { attempt: 'net.api-read', tag: 'kubelet-pods' },
    pod: 'tenant',
    claim: "refuses a tenant's token at the kubelet's /pods (port 10250)",
    success: "a GET of https://<node-ip>:10250/pods with the tenant's token returns the victim pod's spec, which carries the canary token",
    evidence: 'canary-token',
    control: 'a ClusterRole allowing nodes/proxy',
    expected: policyBoth,
    references: ['ATT&CK T1613', 'kube-hunter: KHV052 (exposed pods)', 'Peirates: kubelet API'],
  },
  {
    id: 'cp.kubelet-run',
    category: 'control-plane',
    probe: { attempt: 'cp.kubelet-run' },
    pod: 'tenant',
    claim: "refuses a tenant's command through the kubelet's /run (port 10250)",
    success: "a POST of `cat /canary/token` to https://<node-ip>:10250/run/<victim> with the tenant's token returns the canary token",
    evidence: 'canary-token',
    control: 'a ClusterRole allowing nodes/proxy create',
    expected: policyBoth,
    references: ['ATT&CK T1609', 'kube-hunter: KHV040 (run inside container)', 'CDK: kubelet exec'],
  },
  {
    id: 'cp.kubelet-exec',
    category: 'control-plane',
    probe: { attempt: 'cp.kubelet-exec' },
    pod: 'tenant',
    claim: "refuses a tenant's exec through the kubelet's /exec (port 10250)",
    success: "an exec of `cat /canary/token` in the victim pod through https://<node-ip>:10250/exec/<victim> (WebSocket) with the tenant's token returns the canary token",
    evidence: 'canary-token',
    control: 'a ClusterRole allowing nodes/proxy create',
    expected: policyBoth,
    references: ['ATT&CK T1609', 'kube-hunter: KHV040 (exec inside container)', 'CDK: kubelet exec', 'Peirates: kubelet exec'],
  },
  {
    id: 'cp.kubelet-logs',
    category: 'control-plane',
    probe: { attempt: 'cp.kubelet-logs' },
    pod: 'tenant',
    claim: "refuses a tenant the node's logs through the kubelet's /logs (port 10250)",
    success: "a GET of https://<node-ip>:10250/logs/<canary file> with the tenant's token returns the canary token the harness wrote in the node's /var/log",
    evidence: 'canary-token',
    control: 'a ClusterRole allowing nodes/proxy',
    expected: policyBoth,
    references: ['ATT&CK T1005 (Data from Local System)', 'kube-hunter: KHV045 (exposed system logs)'],
  },
  {
    id: 'cp.api-anonymous',
    category: 'control-plane',
    probe: { attempt: 'net.api-read-anonymous', tag: 'api-secret' },
    pod: 'tenant',
    claim: 'refuses anonymous API requests from a tenant pod',
    success: 'an anonymous GET of the canary Secret from the API server returns the canary token',
    evidence: 'canary-token',
    control: 'a RoleBinding of system:anonymous to get the canary Secret, present only while the control pods run',
    expected: policyBoth,
    references: ['kube-hunter: KHV005 (API server anonymous access)', 'CIS Kubernetes 1.2.1 (--anonymous-auth=false)', 'Microsoft threat matrix: Exposed sensitive interfaces'],
  },
  {
    id: 'cp.etcd',
    category: 'control-plane',
    probe: { attempt: 'cp.etcd-version' },
    pod: 'tenant',
    claim: "keeps etcd's client port (2379) from answering a tenant pod",
    success: "a GET of https://<control-plane>:2379/version from the pod network answers with the etcd version the harness reads on the control-plane node",
    evidence: 'node-fact',
    control: "etcd's health-check client certificate (taken from the control-plane node) mounted in the pod",
    expected: policyBoth,
    references: ['ATT&CK T1552 (Unsecured Credentials)', 'kube-hunter: KHV031 (etcd remote version disclosure), KHV032 (etcd remote read access)', 'CIS Kubernetes 2.2 (--client-cert-auth=true)'],
  },
  {
    id: 'cp.kubelet-readonly',
    category: 'control-plane',
    probe: { attempt: 'net.api-read-anonymous', tag: 'kubelet-readonly' },
    pod: 'tenant',
    claim: "keeps the kubelet's read-only port (10255) from a tenant",
    success: 'an anonymous GET of http://<node-ip>:10255/pods returns the victim pod\'s spec, which carries the canary token',
    evidence: 'canary-token',
    control: 'nothing: the port either answers anyone or is closed',
    expected: policyBoth,
    references: ['kube-hunter: KHV044 (read-only port)', 'CIS Kubernetes 4.2.4 (--read-only-port=0)'],
    requires: { check: 'curl -s -m 2 -o /dev/null http://127.0.0.1:10255/healthz', absent: "the kubelet's read-only port is closed on the node (CIS 4.2.4): nothing to reach" },
  },
];

/** The probe argument naming one catalog attempt: `<probe-attempt>[@<tag>]`. */
export const probeArgFor = (a: EscapeAttempt): string => (a.probe.tag ? `${a.probe.attempt}@${a.probe.tag}` : a.probe.attempt);

export function catalogEntry(id: string): EscapeAttempt {
  const e = escapeCatalog.find((x) => x.id === id);
  if (!e) throw new Error(`no escape attempt ${id} in the catalog`);
  return e;
}
