/** Renders docs/escape-catalog.md from the catalog (a unit test keeps the file in step). */
import { isEscapeAttempt, escapeCatalog, probeArgFor, type EscapeAttempt } from './catalog.js';

const ownClusterSection: readonly string[] = [
  '## Running against your own cluster',
  '',
  'The suite runs unchanged against any cluster the kubeconfig points at (`GAUNTLET_KUBECONFIG`, `--kubeconfig`,',
  '`KUBECONFIG`). The target counts as the embedded local cluster only when the kubeconfig is the one',
  '`gauntlet cluster up` wrote and its node containers run on this machine; everything else is a real cluster.',
  '',
  '### Reaching the nodes: node agents',
  '',
  'The harness needs root on the probe node (plant and remove the node canary, read the kernel-log records',
  '`dev.kmsg-read` is judged against, check node preconditions, read the runsc sandbox posture). Locally that is',
  '`docker exec` into the node container. On a real cluster it is a **node agent** (`lib/chaos/node-agent.ts`,',
  'shared with the chaos suite, driven through `lib/node-access/`): a pod pinned to the node with `nodeName`,',
  '`hostPID: true`, `privileged: true`, tolerating every taint, labelled with the run id and suite, in a',
  'namespace of its own that is deleted afterwards. Commands run in the node\'s PID 1 namespaces',
  '(`nsenter -t 1 -m -u -i -n -p -- ...`) through the Kubernetes exec API.',
  '',
  '- `GAUNTLET_NODE_ACCESS=agent` forces node agents on the local cluster too (the suite passes that way; the test',
  '  `suites/isolation/node-access.test.ts` runs the agent path on every target and, locally, checks its work',
  '  through `docker exec`). `local` forces docker exec (local cluster only); unset or `auto` chooses.',
  '- The agent image needs `bash` and `nsenter` (util-linux): `GAUNTLET_NODE_AGENT_IMAGE`, default',
  '  `gauntlet.local/debian-tools:latest` (built locally; push your own copy to a registry your nodes can pull from).',
  '- The node\'s own root filesystem needs a POSIX shell and coreutils (`sh`, `base64`, `cat`, `stat`, `dd`, `grep`,',
  '  `awk`, `sed`, `tr`, `od`, `head`, `sha256sum`), `iptables` (the raw-packet counting rule) and `containerd` on the',
  '  PATH (its `--version` is what `fs.runtime-socket` must read back): Amazon Linux, Ubuntu, COS and the like.',
  '  Bottlerocket has no shell on the host and is not supported.',
  '',
  '### Permissions',
  '',
  'The identity of the kubeconfig needs, besides what the other suites need:',
  '',
  '- namespaces: create, delete; pods: create, get, list, watch, delete; pods/log: get;',
  '  **pods/exec: create and get** (the exec API; `get` for clients that open it as a WebSocket GET);',
  '- services, secrets, serviceaccounts, networkpolicies (networking.k8s.io), roles and rolebindings: create, delete;',
  '  clusterroles and clusterrolebindings: create, delete (the control profile gets `get nodes/proxy`), so the',
  '  identity must hold `get` on secrets and nodes/proxy itself, or have `bind`/`escalate`;',
  '- nodes: get, list.',
  '',
  '**Privileged pods in the test namespaces.** The harness labels its namespaces for Pod Security admission:',
  '`pod-security.kubernetes.io/enforce=privileged` on the node-agent, control and canary namespaces (privileged,',
  'hostPID, hostPath, hostNetwork pods) and `enforce=restricted` on the hardened namespace (its probe pods must pass',
  '"restricted"). Labelling a namespace needs no extra verb, but a cluster-wide admission configuration with',
  '`exemptions`, or a policy engine (Kyverno, Gatekeeper), may still refuse privileged pods: exempt namespaces',
  'labelled `app.kubernetes.io/managed-by=sandbox-gauntlet` (named `gauntlet-isolation-*`).',
  '',
  '### Outside targets: configuration',
  '',
  'The harness creates nothing outside a real cluster, and never points a probe at the real metadata service',
  '(adding 169.254.169.254 to a cloud node\'s loopback would shadow it). Instead, in `gauntlet.config.yaml`:',
  '',
  '```yaml',
  'addresses:',
  '  canary: 10.20.0.5:8080          # net.internet-http: a probe `serve-canary` outside the cluster',
  '  canaryDns: 10.20.0.5:5353       # net.internet-dns: the same serve-canary with --dns-port 5353',
  '  metadata: 10.20.0.6:80          # net.metadata: a stand-in metadata service (serve-canary), reached like the real one',
  '  canaryTokenSha256: <sha256 hex> # printf %s "$TOKEN" | sha256sum; the token itself stays off the file',
  '```',
  '',
  'Start the canary with `probe serve-canary --token-file <file> --port 8080 --dns-port 5353` on a host pods may',
  'reach only through the egress the control profile has. There is no permit window on a real cluster: the control',
  'namespace has no egress policy and the hardened one denies all egress but DNS to the cluster DNS, so these attempts count as "NetworkPolicy',
  'only" there (escaped, with the cause named, where the CNI is seen not to enforce NetworkPolicy). An unset target makes its',
  'attempts **not-applicable** with the reason `not configured: set addresses.…`, never blocked; the other attempts',
  '(node canary, kernel log, API server, kubelet, victim pod, NodePort) need no configuration.',
  '',
];

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderEscapeCatalog(catalog: readonly EscapeAttempt[] = escapeCatalog): string {
  const lines: string[] = [
    '# Escape catalog',
    '',
    '<!-- Generated from lib/escape/catalog.ts by lib/escape/catalog-markdown.ts: edit the catalog, then run',
    '     `npx tsx -e "import(\'./lib/escape/catalog-markdown.ts\').then(m => process.stdout.write(m.renderEscapeCatalog()))" > docs/escape-catalog.md` -->',
    '',
    `${catalog.length} attempts. Each runs in four cells: runc and runsc (gVisor), each in the **hardened** profile`,
    '(Pod Security "restricted": uid 65534, all capabilities dropped, RuntimeDefault seccomp, no',
    'privilege escalation, no service-account token, a NetworkPolicy in its namespace that denies all egress but DNS to the cluster DNS) and in the',
    '**control** profile, deliberately weakened (privileged root, host PID namespace, hostPath mounts of the node',
    'canary and of /run/containerd, a service-account token with the RBAC the API attempts need, and, only while',
    'control pods run, a permit to the internet canary and an anonymous read of the canary Secret).',
    '',
    'The suite is `suites/isolation/escape-matrix.test.ts`; the verdict rules are in `lib/escape/verdict.ts`:',
    '',
    '- control × runc must be **escaped**; otherwise the probe cannot see this escape: **probe-invalid** (the test fails).',
    '- hardened, blocked: **blocked-by-policy** when the weakened control of the same runtime got through;',
    '  **blocked-by-gvisor** when even the weakened runsc control was blocked.',
    '- hardened × runsc must not be **escaped** (the test fails).',
    '- hardened, got through: **escaped**, whatever let it through. For an attempt only a NetworkPolicy can stop, on a',
    '  cluster seen not to enforce NetworkPolicy (a deny-egress policy was in place and a connection still worked), the',
    '  reason starts "NetworkPolicy is not enforced".',
    '- **not-applicable**: the node lacks what the attempt needs (checked on the node first). Such a cell is never',
    '  reported as blocked; its test is skipped with the reason.',
    '',
    '## Evidence',
    '',
    'One rule for every escape attempt and both runtimes: an attempt got through only if something outside the pod proves it.',
    'No verdict follows from the runtime alone: a syscall gVisor granted is judged by the same host-side evidence as one the',
    'host kernel granted.',
    '',
    '| kind | proves success by |',
    '|---|---|',
    '| canary-token | the probe reads back a random token of this run: planted on the node (removed afterwards) or served by a canary host the harness started; compared by sha256, never written in clear to a report |',
    "| node-fact | the probe reads something the harness read on the node itself just before: a kernel-log record, containerd's version and revision, the bytes of /dev/mem or of the node's first disk sector; compared by sha256 |",
    "| node-change | the harness reads the node before and after the cell's **writer** pod, which runs alone, and sees the change the attempt would make on the host: a kernel knob or a cgroup release_agent holding the value this cell wrote, a packet with this cell's spoofed source counted by a rule in the node's raw PREROUTING chain, a module-loader record in the node's kernel log. The harness puts every changed value back at once, and again on cleanup |",
    "| kernel-answer | kernel attack surface only: which kernel answered (the host's under runc, the Sentry under runsc, as the runtime identity test proves) and whether it granted the call; never counted by the security verdict |",
    '',
    'A hardened block that proves only the harness\'s own pod spec (no hostPath, no runtime socket, no token) is reported',
    'as blocked-by-policy but **not judged**: it says nothing about what the cluster would let a tenant do.',
    '',
    'Records: `recordSecurity` per attempt × runtime × profile, `evidenceHash` = sha256 of the probe\'s attempt result and the node reading (JSON).',
    '',
    '## Canaries and targets',
    '',
    '| target | what it is |',
    '|---|---|',
    '| node canary | `/var/lib/sandbox-gauntlet/canary/<run-id>/token` on the probe node, planted as root on the node (`docker exec` on the local cluster, a node agent elsewhere: see below), removed afterwards |',
    '| internet | the probe\'s `serve-canary` in container `gauntlet-canary-internet` on Docker network `gauntlet-canary-net` (172.30.98.0/24, `GAUNTLET_CANARY_SUBNET`), labelled `sandbox-gauntlet.dev/cluster=gauntlet`. The egress guard (DOCKER-USER) keeps pods away from it; controls get two ACCEPT rules above the guard for exactly this container while they run |',
    '| internet-dns | the same container\'s DNS server (UDP 5353): a TXT answer carries the token |',
    '| metadata | a fake instance-metadata service: `serve-canary` in a hostNetwork pod bound to 169.254.169.254:80, an address the harness adds to the node\'s loopback (and removes) |',
    '| api-secret | Secret `gauntlet-canary` in the canary namespace, read through the API server\'s ClusterIP |',
    '| kubelet-pods | `https://<node-ip>:10250/pods`: the canary victim pod\'s spec carries the token |',
    '| victim | the canary victim pod (another namespace) on port 8080 |',
    '| nodeport | a NodePort Service of the victim pod on the node\'s IP |',
    '',
    'internet, internet-dns and metadata exist only on the local cluster; on your own cluster they are configuration (see below).',
    '',
    '## Attempts',
    '',
    '| id | category | probe | evidence | hardened runc | hardened runsc | control runsc |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const a of catalog) {
    lines.push(
      `| \`${a.id}\` | ${a.category} | \`${probeArgFor(a)}\` | ${a.evidence} | ${a.expected.hardened.runc} | ${a.expected.hardened.runsc} | ${a.expected.control.runsc} |`,
    );
  }
  lines.push('', 'Expected verdicts; control × runc is always escaped. Attempts marked "NetworkPolicy only" hold where the CNI enforces NetworkPolicy (the local cluster does, with kube-router); where it does not (`GAUNTLET_NETWORK_POLICY=off`), their hardened cells are escaped and say why.', '');
  for (const a of catalog) {
    lines.push(`### \`${a.id}\``, '');
    lines.push(`- **Claim (hardened):** ${cell(a.claim)}`);
    lines.push(`- **Success means:** ${cell(a.success)}`);
    lines.push(`- **Evidence:** ${a.evidence}`);
    lines.push(`- **Control grants:** ${cell(a.control)}`);
    if (a.requires) lines.push(`- **Needs on the node:** \`${a.requires.check.length > 80 ? 'see lib/escape/catalog.ts' : a.requires.check}\`; otherwise not-applicable: ${cell(a.requires.absent)}`);
    if (a.hardenedBlockIsOwnSpec) lines.push(`- **Hardened block not judged:** ${cell(a.hardenedBlockIsOwnSpec)}, so a block there proves only the harness's pod spec`);
    if (a.pod === 'writer') lines.push('- **Writer cell:** runs in a pod of its own, one cell at a time, between two readings of the node');
    if (a.networkPolicyOnly) lines.push('- **NetworkPolicy only:** only a NetworkPolicy (or an equal egress filter) stands between a hardened pod and the target');
    if (!isEscapeAttempt(a)) lines.push("- **Kernel attack surface, not an escape:** its effect stays inside the pod's own namespaces; gate.md reports which kernel answered and whether it granted it, and the security verdict does not count it");
    lines.push(`- **References:** ${a.references.join('; ')}`, '');
  }
  lines.push(...ownClusterSection);
  lines.push(
    '## Not in the matrix, and why',
    '',
    '- **subPath through a symlink in a volume** (CVE-2017-1002101, CVE-2021-25741): on a fixed kubelet the subPath mount',
    '  is refused at container creation whatever the pod asks for, so no weakened control can show the escape working and',
    '  the attempt would be probe-invalid by construction. `fs.symlink-escape` covers symlink resolution inside the',
    '  container; the subPath check belongs with kubelet version checks.',
    '- **ARP spoofing proper**: sending forged ARP replies would poison the shared node bridge for every other pod;',
    '  `net.raw-socket` sends one IPv4 packet with a TEST-NET-1 source to the node itself, which a rule on the node counts',
    '  and drops: proof that forged frames leave the pod, without forging anyone\'s address.',
    '- **Loading a real kernel module, running a release_agent, a core_pattern pipe**: each would run code as root on',
    '  the host. The attempts stop one step short and prove that step on the node: the module loader rejecting an',
    '  invalid image, a release_agent and a core_pattern holding a harmless value this cell chose.',
    '- **Anonymous kubelet API**: the local kubelets run with anonymous authentication off and the suite does not',
    "  weaken a kubelet, so there is no control; `net.kubelet-pods` tries the kubelet with the pod's own token (the hardened pod has none).",
  );
  return `${lines.join('\n').trimEnd()}\n`;
}
