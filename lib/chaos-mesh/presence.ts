/**
 * Is Chaos Mesh installed on the target, and which version? Installed means working, not
 * only its CRDs served (a cluster with the CRDs and no controller accepts every chaos
 * resource and injects nothing): a controller Deployment with an available replica and a
 * daemon DaemonSet with every scheduled pod available, found by the Helm chart's labels in
 * any namespace. The version is the controller image's tag.
 */
import type { V1DaemonSet, V1Deployment } from '@kubernetes/client-node';
import { describeCallError } from '../kube/call.js';
import type { Kube } from '../kube/client.js';
import { pollSource } from '../chaos/poll-source.js';
import { waitFor } from '../wait.js';

/** The namespace the embedded cluster's install uses (the chart's usual one). */
export const chaosMeshNamespace = 'chaos-mesh';

const chartLabels = 'app.kubernetes.io/name=chaos-mesh';
export const controllerSelector = `${chartLabels},app.kubernetes.io/component=controller-manager`;
export const daemonSelector = `${chartLabels},app.kubernetes.io/component=chaos-daemon`;

/** What tests print when they skip: the issue's wording, then why. */
export const notInstalledReason = 'Chaos Mesh not installed';

export type ChaosMeshPresence =
  | { installed: true; namespace: string; version: string; controllerImage: string; daemons: { available: number; desired: number } }
  | { installed: false; reason: string };

/** The tag of an image reference (after the last colon of its last path segment), or the digest, or "latest". */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1);
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  return colon >= 0 ? last.slice(colon + 1) : 'latest';
}

/** Judges the controller and daemon objects found; pure, for the unit test. */
export function judgePresence(controllers: V1Deployment[], daemons: V1DaemonSet[]): ChaosMeshPresence {
  const ready = controllers.find((d) => (d.status?.availableReplicas ?? 0) > 0);
  if (!ready) {
    return {
      installed: false,
      reason: controllers.length === 0
        ? `${notInstalledReason}: no Deployment labelled ${controllerSelector}`
        : `${notInstalledReason}: its controller ${controllers.map((d) => `${d.metadata?.namespace}/${d.metadata?.name}`).join(', ')} has no available replica`,
    };
  }
  const namespace = ready.metadata?.namespace ?? '';
  const ds = daemons.find((d) => d.metadata?.namespace === namespace);
  const desired = ds?.status?.desiredNumberScheduled ?? 0;
  const available = ds?.status?.numberAvailable ?? 0;
  if (!ds || desired === 0 || available < desired) {
    return { installed: false, reason: `${notInstalledReason}: ${ds ? `chaos-daemon has ${available} of ${desired} pods available` : `no DaemonSet labelled ${daemonSelector} in ${namespace}`}` };
  }
  const controllerImage = ready.spec?.template.spec?.containers[0]?.image ?? '';
  return { installed: true, namespace, version: imageTag(controllerImage), controllerImage, daemons: { available, desired } };
}

/** Looks for Chaos Mesh on the cluster; an API error is reported as absent, with the error. */
export async function chaosMeshPresence(kube: Kube): Promise<ChaosMeshPresence> {
  try {
    const [controllers, daemons] = await Promise.all([
      kube.apps.listDeploymentForAllNamespaces({ labelSelector: controllerSelector }),
      kube.apps.listDaemonSetForAllNamespaces({ labelSelector: daemonSelector }),
    ]);
    return judgePresence(controllers.items, daemons.items);
  } catch (err) {
    return { installed: false, reason: `${notInstalledReason}: cannot look for it (${describeCallError(err)})` };
  }
}

/**
 * Restarts the Chaos Mesh daemon on one node and waits until the DaemonSet is whole again. A
 * daemon whose call into a target never returned (TimeChaos ptrace-stopping a gVisor Sentry)
 * holds that target stopped, and its zombie, until it exits.
 */
export async function restartDaemonOn(kube: Kube, namespace: string, node: string, timeoutMs: number): Promise<string> {
  const pods = await kube.core.listNamespacedPod({ namespace, labelSelector: daemonSelector, fieldSelector: `spec.nodeName=${node}` });
  const names = pods.items.map((p) => p.metadata?.name ?? '').filter(Boolean);
  for (const name of names) await kube.core.deleteNamespacedPod({ namespace, name });
  await waitFor<{ fresh: number; available: number; desired: number }, true>({
    what: `the Chaos Mesh daemon on ${node} back after its restart`,
    source: pollSource(async () => {
      const ds = (await kube.apps.listNamespacedDaemonSet({ namespace, labelSelector: daemonSelector })).items[0];
      const now = await kube.core.listNamespacedPod({ namespace, labelSelector: daemonSelector, fieldSelector: `spec.nodeName=${node}` });
      return { fresh: now.items.filter((p) => !names.includes(p.metadata?.name ?? '')).length, available: ds?.status?.numberAvailable ?? 0, desired: ds?.status?.desiredNumberScheduled ?? 0 };
    }),
    until: (s) => (s && s.fresh > 0 && s.available === s.desired ? { done: true, value: true } : { done: false, state: s ? `${s.fresh} new pod(s), ${s.available} of ${s.desired} available` : 'not read yet' }),
    timeoutMs,
  });
  return `restarted the Chaos Mesh daemon on ${node} (${names.join(', ')})`;
}
