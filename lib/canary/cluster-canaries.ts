/**
 * Canaries inside the cluster, all in one namespace of the run: a Secret holding the token
 * (read through the API server), a victim pod serving it (reached across namespaces and
 * through a NodePort; its spec carries the token so the kubelet's /pods answer does too),
 * and, on the local cluster only, a fake instance-metadata service on the node's 169.254.169.254
 * (hostNetwork; on a cloud node that address is the real metadata service and stays untouched).
 * Plus the RBAC the control profile is granted. Everything is labelled and undone through
 * the cleanup stack.
 */
import type { V1NetworkPolicy, V1Pod } from '@kubernetes/client-node';
import { InfrastructureError } from '../errors.js';
import type { NodeShell } from '../node-access/node-shell.js';
import type { CleanupStack } from '../kube/cleanup.js';
import type { Kube } from '../kube/client.js';
import { probePod } from '../probe/pod-spec.js';
import { metadataAddress } from './node-canary.js';
import { bindGrant, createGrantBinding, serviceAccountSubject } from '../rbac/bind-grant.js';
import { canarySecretName, grants } from '../rbac/grants.js';

const victimName = 'canary-victim';
const metadataName = 'canary-metadata';
export const victimPort = 8080;

export interface ClusterCanaries {
  victimPod: string;
  /** Only when asked for (the local cluster). */
  metadataPod: string | undefined;
  nodePortService: string;
  /** The API path of the canary Secret. */
  secretPath: string;
}

export interface CanaryServerOptions {
  name: string;
  labels: Record<string, string>;
  port: number;
  /** The Secret whose `token` key the server serves. */
  secretName: string;
  /** Pin to a node; unset: any worker. */
  node?: string;
  /** Listen on this address only (the fake metadata service); unset: every address. */
  bind?: string;
  /** Also put the token in the pod spec: what the kubelet's /pods answer gives away to whoever may read it. */
  tokenInSpec?: string;
}

/** A canary server: the probe's serve-canary (runc) with its token from a Secret, Ready once it answers /healthz. */
export function canaryServerPod(o: CanaryServerOptions): V1Pod {
  return probePod({
    name: o.name,
    runtime: 'runc',
    ...(o.node ? { node: o.node } : {}),
    labels: o.labels,
    args: ['serve-canary', '--token-file', '/canary/token', ...(o.bind ? ['--bind', o.bind] : []), '--port', String(o.port)],
    ...(o.tokenInSpec ? { env: { GAUNTLET_CANARY_TOKEN: o.tokenInSpec } } : {}),
    container: {
      volumeMounts: [{ name: 'canary', mountPath: '/canary', readOnly: true }],
      readinessProbe: { httpGet: { path: '/healthz', port: o.port, ...(o.bind ? { host: o.bind } : {}) }, periodSeconds: 1 },
    },
    spec: { volumes: [{ name: 'canary', secret: { secretName: o.secretName } }] },
  });
}

/** Creates the Secret, victim pod, NodePort service and (with `fakeMetadata`) metadata pod in `namespace` on `node`. Does not wait. */
export async function createClusterCanaries(
  kube: Kube,
  cleanup: CleanupStack,
  namespace: string,
  node: string,
  labels: Record<string, string>,
  token: string,
  fakeMetadata: boolean,
): Promise<ClusterCanaries> {
  await kube.core.createNamespacedSecret({ namespace, body: { metadata: { name: canarySecretName, labels }, stringData: { token } } });
  cleanup.register(`delete secret ${namespace}/${canarySecretName}`, () => kube.core.deleteNamespacedSecret({ namespace, name: canarySecretName }));

  const victim = canaryServerPod({ name: victimName, node, labels: { ...labels, app: victimName }, port: victimPort, secretName: canarySecretName, tokenInSpec: token });
  await kube.core.createNamespacedPod({ namespace, body: victim });
  cleanup.register(`delete pod ${namespace}/${victimName}`, () => kube.core.deleteNamespacedPod({ namespace, name: victimName, gracePeriodSeconds: 0 }));

  await kube.core.createNamespacedService({
    namespace,
    body: { metadata: { name: victimName, labels }, spec: { type: 'NodePort', selector: { app: victimName }, ports: [{ port: victimPort, targetPort: victimPort }] } },
  });
  cleanup.register(`delete service ${namespace}/${victimName}`, () => kube.core.deleteNamespacedService({ namespace, name: victimName }));

  const secretPath = `/api/v1/namespaces/${namespace}/secrets/${canarySecretName}`;
  if (!fakeMetadata) return { victimPod: victimName, metadataPod: undefined, nodePortService: victimName, secretPath };
  const metadata = canaryServerPod({ name: metadataName, node, labels, port: 80, bind: metadataAddress, secretName: canarySecretName, tokenInSpec: token });
  metadata.spec = { ...metadata.spec, hostNetwork: true, containers: metadata.spec?.containers ?? [] };
  await kube.core.createNamespacedPod({ namespace, body: metadata });
  cleanup.register(`delete pod ${namespace}/${metadataName}`, () => kube.core.deleteNamespacedPod({ namespace, name: metadataName, gracePeriodSeconds: 0 }));

  return { victimPod: victimName, metadataPod: metadataName, nodePortService: victimName, secretPath };
}

/**
 * Waits until `url` (the victim's NodePort on the node's address) serves the canary token when
 * asked from the node itself: the victim's Ready comes before kube-proxy has programmed its
 * endpoint, and an attempt in that window would be refused whatever the policy (seen: every
 * cell of net.nodeport refused, the control's too).
 */
export async function waitForCanaryUrl(shell: NodeShell, node: string, url: string, token: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await shell.exec(node, ['sh', '-c', 'curl -s -m 1 "$0" || echo "curl exit $?"', url]).catch((err: unknown) => (err as Error).message);
    if (last.includes(token)) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new InfrastructureError(`${url} did not serve the canary token from ${node} within ${timeoutMs} ms`, `last answer: ${last.replace(token, '<token>').slice(0, 200)}; is kube-proxy running on ${node}?`);
}

/** RBAC of the control profile: its service account may get the canary Secret and use nodes/proxy (the kubelet API). */
export async function grantControlRbac(
  kube: Kube,
  cleanup: CleanupStack,
  o: { canaryNamespace: string; controlNamespace: string; serviceAccount: string; runId: string; labels: Record<string, string> },
): Promise<void> {
  const subject = serviceAccountSubject(o.controlNamespace, o.serviceAccount);
  await kube.core.createNamespacedServiceAccount({ namespace: o.controlNamespace, body: { metadata: { name: o.serviceAccount, labels: o.labels } } });
  cleanup.register(`delete serviceaccount ${o.controlNamespace}/${o.serviceAccount}`, () => kube.core.deleteNamespacedServiceAccount({ namespace: o.controlNamespace, name: o.serviceAccount }));
  await bindGrant(kube, cleanup, { grant: grants.canaryReader, name: 'control-reads-canary', namespace: o.canaryNamespace, subjects: [subject], labels: o.labels });
  await bindGrant(kube, cleanup, { grant: grants.kubeletReader, name: `gauntlet-escape-kubelet-${o.runId}`, subjects: [subject], labels: o.labels });
}

/** Lets system:anonymous get the canary Secret: the control window of net.api-secret-anonymous. Returns its undo. */
export async function allowAnonymousCanaryRead(kube: Kube, canaryNamespace: string, labels: Record<string, string>): Promise<() => Promise<unknown>> {
  const { undo } = await createGrantBinding(kube, {
    grant: grants.canaryReader,
    name: 'anonymous-reads-canary',
    namespace: canaryNamespace,
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:anonymous' }],
    labels,
  });
  return undo;
}

export const hardenedEgressPolicyName = 'deny-egress-except-dns';

/** The hardened profile's NetworkPolicy: every pod of the namespace may send DNS to the cluster DNS (UDP and TCP 53), nothing else. */
export const hardenedEgressPolicy = (labels: Record<string, string>): V1NetworkPolicy => ({
  metadata: { name: hardenedEgressPolicyName, labels },
  spec: {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
      },
    ],
  },
});

export async function denyEgressExceptDns(kube: Kube, cleanup: CleanupStack, namespace: string, labels: Record<string, string>): Promise<void> {
  await kube.networking.createNamespacedNetworkPolicy({ namespace, body: hardenedEgressPolicy(labels) });
  cleanup.register(`delete networkpolicy ${namespace}/${hardenedEgressPolicyName}`, () => kube.networking.deleteNamespacedNetworkPolicy({ namespace, name: hardenedEgressPolicyName }));
}
