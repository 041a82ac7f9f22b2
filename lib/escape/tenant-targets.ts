/**
 * The control-plane category's setting: two tenant namespaces and the victims they reach for.
 *
 * - hardened tenant: Pod Security "restricted", labelled a tenant namespace (the runc-fallback
 *   admission policy, when installed, binds to that label), a ServiceAccount `tenant` whose
 *   token is mounted and whose Role may only create, get and list pods in its own namespace
 *   (what a job dispatcher's tenant identity needs);
 * - control tenant: Pod Security "privileged", no tenant label, the same ServiceAccount name
 *   granted what each attack needs (exec, Secrets, ConfigMaps, tokens, nodes, nodes/proxy), so
 *   the control shows each attack working.
 * Neither tenant namespace has an egress NetworkPolicy: this category judges the API server's,
 * the kubelet's and admission's own defences, as if a tenant could reach them (the escape
 * matrix's network attempts judge the egress policy).
 * Victims live in the canary namespace: a pod with the canary at /canary/token (tools image, so
 * exec and the kubelet's /run have a shell), a ConfigMap with the token, a ServiceAccount
 * `victim` allowed to read the canary Secret, and a canary file in the node's /var/log.
 */
import { bindGrant, serviceAccountSubject } from '../rbac/bind-grant.js';
import { canaryConfigMapName, canarySecretName, grants, victimServiceAccount } from '../rbac/grants.js';
import { newCanaryToken, sha256Hex } from '../canary/token.js';
import type { TargetTag } from './catalog.js';
import type { TenantInputs } from './profiles.js';
import { toolsImage } from '../images.js';
import type { CleanupStack } from '../kube/cleanup.js';
import type { Kube } from '../kube/client.js';
import { createNamespace } from '../kube/namespace.js';
import type { NodeShell } from '../node-access/node-shell.js';
import { privilegedNamespaceLabels } from '../node-access/node-shell.js';
import { probePod } from '../probe/pod-spec.js';
import { tenantNamespaceLabel } from '../admission/tenant-runtime-policy.js';
import { envScaled, podStartMs } from '../timeouts.js';
import { waitForPod, waitForServiceAccount } from '../wait.js';

export const tenantServiceAccount = 'tenant';
export const victimPodName = 'cp-victim';
export const victimContainer = 'victim';

export interface TenantTargets {
  controlNs: string;
  hardenedNs: string;
  victim: { namespace: string; pod: string; container: string; serviceAccount: string };
  /** The node's canary log, relative to /var/log (the kubelet's /logs serves that directory). */
  nodeLogPath: string;
  configMapPath: string;
}

async function serviceAccount(kube: Kube, cleanup: CleanupStack, namespace: string, name: string, labels: Record<string, string>): Promise<void> {
  await kube.core.createNamespacedServiceAccount({ namespace, body: { metadata: { name, labels } } });
  cleanup.register(`delete serviceaccount ${namespace}/${name}`, () => kube.core.deleteNamespacedServiceAccount({ namespace, name }));
}

/** The control tenant's grants in the canary namespace and on nodes: everything the attacks need. */
async function grantControlTenant(kube: Kube, cleanup: CleanupStack, o: { canaryNs: string; controlNs: string; runId: string; labels: Record<string, string> }): Promise<void> {
  const subjects = [serviceAccountSubject(o.controlNs, tenantServiceAccount)];
  await bindGrant(kube, cleanup, { grant: grants.controlTenant, name: 'cp-control', namespace: o.canaryNs, subjects, labels: o.labels });
  await bindGrant(kube, cleanup, { grant: grants.controlNodes, name: `gauntlet-cp-control-${o.runId}`, subjects, labels: o.labels });
}

/** The victim pod, ConfigMap, ServiceAccount and node log canary in the canary namespace. */
async function victims(kube: Kube, cleanup: CleanupStack, shell: NodeShell, o: { canaryNs: string; node: string; runId: string; token: string; labels: Record<string, string> }): Promise<{ nodeLogPath: string }> {
  await kube.core.createNamespacedConfigMap({ namespace: o.canaryNs, body: { metadata: { name: canaryConfigMapName, labels: o.labels }, data: { token: o.token } } });
  cleanup.register(`delete configmap ${o.canaryNs}/${canaryConfigMapName}`, () => kube.core.deleteNamespacedConfigMap({ namespace: o.canaryNs, name: canaryConfigMapName }));
  await serviceAccount(kube, cleanup, o.canaryNs, victimServiceAccount, o.labels);
  // The victim identity may read the Secret (it mounts it).
  await bindGrant(kube, cleanup, { grant: grants.canaryReader, name: 'victim-reads-canary', namespace: o.canaryNs, subjects: [serviceAccountSubject(o.canaryNs, victimServiceAccount)], labels: o.labels });
  const body = probePod({
    name: victimPodName,
    runtime: 'runc',
    node: o.node,
    labels: o.labels,
    args: [],
    image: toolsImage(),
    container: { name: victimContainer, command: ['sleep', 'infinity'], volumeMounts: [{ name: 'canary', mountPath: '/canary', readOnly: true }] },
    spec: { terminationGracePeriodSeconds: 0, volumes: [{ name: 'canary', secret: { secretName: canarySecretName } }] },
  });
  await kube.core.createNamespacedPod({ namespace: o.canaryNs, body });
  cleanup.register(`delete pod ${o.canaryNs}/${victimPodName}`, () => kube.core.deleteNamespacedPod({ namespace: o.canaryNs, name: victimPodName, gracePeriodSeconds: 0 }));
  const nodeLogPath = `sandbox-gauntlet-${o.runId}.log`;
  await shell.exec(o.node, ['sh', '-c', 'umask 077 && cat > "/var/log/$0"', nodeLogPath], o.token);
  cleanup.register(`remove /var/log/${nodeLogPath} on ${o.node}`, () => shell.exec(o.node, ['rm', '-f', `/var/log/${nodeLogPath}`]));
  await waitForPod(kube, o.canaryNs, victimPodName, 'Ready', envScaled(podStartMs));
  return { nodeLogPath };
}

export interface TenantTargetOptions {
  kube: Kube;
  cleanup: CleanupStack;
  shell: NodeShell;
  node: string;
  runId: string;
  suite: string;
  canaryNs: string;
  token: string;
  labels: Record<string, string>;
  signal?: AbortSignal;
}

export async function prepareTenantTargets(o: TenantTargetOptions): Promise<TenantTargets> {
  const ns = (labels: Record<string, string>): Promise<string> => createNamespace(o.kube, o.cleanup, { runId: o.runId, suite: o.suite, labels, ...(o.signal ? { signal: o.signal } : {}) });
  const controlNs = await ns(privilegedNamespaceLabels);
  const hardenedNs = await ns({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted', [tenantNamespaceLabel]: 'true' });
  for (const n of [controlNs, hardenedNs]) {
    await serviceAccount(o.kube, o.cleanup, n, tenantServiceAccount, o.labels);
    await bindGrant(o.kube, o.cleanup, { grant: grants.tenantPods, name: 'tenant-pods', namespace: n, subjects: [serviceAccountSubject(n, tenantServiceAccount)], labels: o.labels });
  }
  await grantControlTenant(o.kube, o.cleanup, { canaryNs: o.canaryNs, controlNs, runId: o.runId, labels: o.labels });
  const { nodeLogPath } = await victims(o.kube, o.cleanup, o.shell, { canaryNs: o.canaryNs, node: o.node, runId: o.runId, token: o.token, labels: o.labels });
  for (const n of [controlNs, hardenedNs]) await waitForServiceAccount(o.kube, n, tenantServiceAccount, envScaled(podStartMs));
  return {
    controlNs,
    hardenedNs,
    victim: { namespace: o.canaryNs, pod: victimPodName, container: victimContainer, serviceAccount: victimServiceAccount },
    nodeLogPath,
    configMapPath: `/api/v1/namespaces/${o.canaryNs}/configmaps/${canaryConfigMapName}`,
  };
}

/** kubeadm's health-check client of etcd: what the control tenant is given, as a Secret, to show etcd answering a certificate. */
const etcdPki = '/etc/kubernetes/pki/etcd';
export const etcdClientSecret = 'etcd-client';
export const etcdClientMount = '/etcd-client';

export interface EtcdTarget {
  url: string;
  /** etcd's version as the control-plane node's own etcd answers it. */
  version: string;
}

/** Pure: `{"etcdserver":"3.6.6","etcdcluster":"3.6.0"}` → 3.6.6. */
export function etcdServerVersion(answer: string): string | undefined {
  try {
    const v = (JSON.parse(answer) as { etcdserver?: unknown }).etcdserver;
    return typeof v === 'string' && v !== '' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The embedded cluster's etcd: its client URL on the control-plane node's address, its version
 * read on that node with the health-check certificate, and that certificate as a Secret in the
 * control tenant namespace. The control-plane node is chosen by its role label.
 */
export async function prepareEtcdTarget(kube: Kube, cleanup: CleanupStack, shell: NodeShell, o: { controlNs: string; labels: Record<string, string> }): Promise<EtcdTarget> {
  const cp = (await kube.core.listNode({ labelSelector: 'node-role.kubernetes.io/control-plane' })).items[0];
  const name = cp?.metadata?.name;
  const ip = cp?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  if (!name || !ip) throw new Error('no control-plane node with an InternalIP');
  const curl = ['curl', '-s', '-m', '5', '--cacert', `${etcdPki}/ca.crt`, '--cert', `${etcdPki}/healthcheck-client.crt`, '--key', `${etcdPki}/healthcheck-client.key`, 'https://127.0.0.1:2379/version'];
  const version = etcdServerVersion(await shell.exec(name, curl));
  if (!version) throw new Error(`could not read etcd's version on ${name}`);
  const [crt, key] = [await shell.exec(name, ['cat', `${etcdPki}/healthcheck-client.crt`]), await shell.exec(name, ['cat', `${etcdPki}/healthcheck-client.key`])];
  await kube.core.createNamespacedSecret({ namespace: o.controlNs, body: { metadata: { name: etcdClientSecret, labels: o.labels }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': crt, 'tls.key': key } } });
  cleanup.register(`delete secret ${o.controlNs}/${etcdClientSecret}`, () => kube.core.deleteNamespacedSecret({ namespace: o.controlNs, name: etcdClientSecret }));
  return { url: `https://${ip}:2379`, version };
}

export interface ControlPlaneOptions extends Omit<TenantTargetOptions, 'node'> {
  embedded: boolean;
  node: { name: string; ip: string; uid: string };
  /** The API server's in-cluster URL. */
  apiUrl: string;
  probeImage: string;
  runtimeClass: string;
}

export interface ControlPlaneTargets {
  controlNs: string;
  hardenedNs: string;
  /** Target tags the control-plane attempts add. */
  targets: Partial<Record<TargetTag, string>>;
  /** sha256 of what a tenant pod may read back: the probe node's uid, the dry-run mark, etcd's version. */
  expectSha256: string[];
  /** attempt id → why it is not applicable here. */
  preconditions: Map<string, string>;
  inputs: TenantInputs;
}

/** Everything the control-plane category needs: tenant namespaces and victims, its targets, etcd where the harness built the cluster. */
export async function prepareControlPlane(o: ControlPlaneOptions): Promise<ControlPlaneTargets> {
  const tenant = await prepareTenantTargets({ ...o, node: o.node.name });
  const mark = `gauntlet-mark-${newCanaryToken().slice(0, 16)}`;
  const preconditions = new Map<string, string>();
  // etcd is reachable and its client certificate readable only on the cluster the harness built.
  const etcd = o.embedded ? await prepareEtcdTarget(o.kube, o.cleanup, o.shell, { controlNs: tenant.controlNs, labels: o.labels }) : undefined;
  if (!etcd) preconditions.set('cp.etcd', "not applicable on a cluster the harness did not build: etcd's address and client certificate belong to the control plane, which a managed cluster keeps out of reach");
  return {
    controlNs: tenant.controlNs,
    hardenedNs: tenant.hardenedNs,
    targets: { 'cp-configmap': `${o.apiUrl}${tenant.configMapPath}`, 'cp-nodes': `${o.apiUrl}/api/v1/nodes`, 'kubelet-readonly': `http://${o.node.ip}:10255/pods` },
    expectSha256: [sha256Hex(o.node.uid), sha256Hex(mark), ...(etcd ? [sha256Hex(etcd.version)] : [])],
    preconditions,
    inputs: {
      apiUrl: o.apiUrl,
      podImage: o.probeImage,
      runtimeClass: o.runtimeClass,
      mark,
      victim: tenant.victim,
      kubeletUrl: `https://${o.node.ip}:10250`,
      kubeletLogPath: tenant.nodeLogPath,
      ...(etcd ? { etcdUrl: etcd.url } : {}),
    },
  };
}
