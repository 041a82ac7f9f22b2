/**
 * The pod profiles escape attempts run in. hardened is a production sandbox pod (Pod Security
 * "restricted", no service-account token, a deny-egress NetworkPolicy in its namespace);
 * control is deliberately weakened so every attempt works under runc: privileged root,
 * host PID namespace, hostPath mounts of the node canary and the runtime socket, a mounted
 * service-account token with the RBAC the API attempts need.
 */
import type { V1Pod, V1SecurityContext } from '@kubernetes/client-node';
import { hardenedSecurityContext, probePod } from '../probe/pod-spec.js';
import type { Runtime } from '../runtimes.js';
import { probeArgFor, type EscapeAttempt, type ProbePodRole, type TargetTag } from './catalog.js';
import { etcdClientMount, etcdClientSecret, tenantServiceAccount } from './tenant-targets.js';
import type { Profile } from './verdict.js';

export const profiles = ['control', 'hardened'] as const;

/** The control's service account; RBAC gives it the canary Secret and nodes/proxy. */
export const controlServiceAccount = 'gauntlet-escape-control';
/** Where the control mounts the node canary directory. */
export const hostCanaryMount = '/host-canary';

const controlSecurityContext: V1SecurityContext = { privileged: true, runAsUser: 0, runAsNonRoot: false };

export interface AttemptInputs {
  /** Absolute path of the canary on the node. */
  canaryPath: string;
  /** Directory of the canary on the node (the control's hostPath). */
  canaryDir: string;
  /** sha256 of every token a probe may legitimately read back. */
  expectSha256: string[];
  targets: Partial<Record<TargetTag, string>>;
  dnsName: string;
  /** Per-attempt timeout of the probe, e.g. "3s". */
  attemptTimeout: string;
  /** The node canary's file handle (`<type>:<hex>`), for syscall.open-by-handle-at. */
  canaryHandle?: string;
  /** The control-plane attempts' targets (tenant pods). */
  tenant?: TenantInputs;
}

export interface TenantInputs {
  apiUrl: string;
  podImage: string;
  runtimeClass: string;
  /** Echoed by the API server in an admitted dry-run pod (its sha256 is among expectSha256). */
  mark: string;
  victim: { namespace: string; pod: string; container: string; serviceAccount: string };
  kubeletUrl: string;
  kubeletLogPath: string;
  /** The embedded cluster's etcd client URL; unset elsewhere (cp.etcd is then not-applicable). */
  etcdUrl?: string;
}

function tenantArgs(t: TenantInputs): string[] {
  return [
    '--api-url', t.apiUrl,
    '--pod-image', t.podImage,
    '--runtime-class', t.runtimeClass,
    '--mark', t.mark,
    '--victim-namespace', t.victim.namespace,
    '--victim-pod', t.victim.pod,
    '--victim-container', t.victim.container,
    '--victim-sa', t.victim.serviceAccount,
    '--kubelet-url', t.kubeletUrl,
    '--kubelet-log-path', t.kubeletLogPath,
    ...(t.etcdUrl ? ['--etcd-url', t.etcdUrl, '--etcd-cert-dir', etcdClientMount] : []),
  ];
}

export function probeArgs(role: ProbePodRole, attempts: readonly EscapeAttempt[], inputs: AttemptInputs): string[] {
  const ids = attempts.filter((a) => a.pod === role).map(probeArgFor);
  const args = ['attempt', ...ids, '--timeout', inputs.attemptTimeout];
  for (const h of inputs.expectSha256) args.push('--expect-token-sha256', h);
  if (role === 'neighbour') return [...args, '--pid', '1']; // the pod's pause process: another user's process
  if (role === 'writer') return args; // the cell's marks are added per cell (lib/escape/node-change.ts writerArgs)
  if (role === 'tenant') {
    for (const [tag, value] of Object.entries(inputs.targets)) args.push('--target', `${tag}=${value}`);
    // cp.mint-token reads the canary Secret with the token it minted.
    if (inputs.targets['api-secret']) args.push('--url', inputs.targets['api-secret']);
    return inputs.tenant ? [...args, ...tenantArgs(inputs.tenant)] : args;
  }
  if (inputs.canaryHandle) args.push('--canary-handle', inputs.canaryHandle);
  args.push('--canary-path', inputs.canaryPath, '--hostpath-canary', `${hostCanaryMount}/token`);
  // Through /proc/1/root: with the host's PID namespace that is the node's root.
  args.push('--symlink-target', `/proc/1/root${inputs.canaryPath}`);
  args.push('--dns-name', inputs.dnsName, '--dns-type', 'TXT');
  for (const [tag, value] of Object.entries(inputs.targets)) args.push('--target', `${tag}=${value}`);
  return args;
}

export interface GroupPodOptions {
  runtime: Runtime;
  profile: Profile;
  role: ProbePodRole;
  node: string;
  labels: Record<string, string>;
  args: string[];
  /** Node canary directory: the control's hostPath. */
  canaryDir: string;
  /** Mount etcd's client certificate Secret in the control tenant pod. */
  etcdClient?: boolean;
}

export const groupPodName = (runtime: Runtime, profile: Profile, role: ProbePodRole): string => `escape-${runtime}-${profile}-${role}`;

export function groupPod(o: GroupPodOptions): V1Pod {
  const control = o.profile === 'control';
  const base = {
    name: groupPodName(o.runtime, o.profile, o.role),
    runtime: o.runtime,
    args: o.args,
    node: o.node,
    labels: { ...o.labels, 'sandbox-gauntlet.dev/profile': o.profile, 'sandbox-gauntlet.dev/probe-role': o.role },
    securityContext: control ? controlSecurityContext : hardenedSecurityContext,
  };
  if (o.role === 'neighbour') {
    return probePod({ ...base, spec: { shareProcessNamespace: true } });
  }
  // Both tenant profiles are restricted pods with the tenant's mounted token: the weakening is the namespace's and the RBAC's.
  if (o.role === 'tenant') {
    const tenantSpec = { serviceAccountName: tenantServiceAccount, automountServiceAccountToken: true };
    if (!control || !o.etcdClient) return probePod({ ...base, securityContext: hardenedSecurityContext, spec: tenantSpec });
    // The control is given etcd's client certificate: with it, etcd must answer (the attack can work).
    return probePod({
      ...base,
      securityContext: hardenedSecurityContext,
      container: { volumeMounts: [{ name: 'etcd-client', mountPath: etcdClientMount, readOnly: true }] },
      spec: { ...tenantSpec, volumes: [{ name: 'etcd-client', secret: { secretName: etcdClientSecret } }] },
    });
  }
  if (!control) return probePod(base);
  return probePod({
    ...base,
    container: {
      volumeMounts: [
        { name: 'node-canary', mountPath: hostCanaryMount, readOnly: true },
        { name: 'containerd', mountPath: '/run/containerd' },
      ],
    },
    spec: {
      hostPID: true,
      serviceAccountName: controlServiceAccount,
      automountServiceAccountToken: true,
      volumes: [
        { name: 'node-canary', hostPath: { path: o.canaryDir, type: 'Directory' } },
        { name: 'containerd', hostPath: { path: '/run/containerd', type: 'Directory' } },
      ],
    },
  });
}
