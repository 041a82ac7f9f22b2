import type { CoreV1Api, V1Node, V1Pod } from '@kubernetes/client-node';
import { gvisorReadyLabel, gvisorReadyValue } from '../runtimes.js';

/** Annotation the installer writes on each node: what it did, or why it failed. */
export const gvisorStatusAnnotation = 'sandbox-gauntlet.dev/gvisor-status';
export const installerNamespace = 'gauntlet-system';
export const installerSelector = 'app.kubernetes.io/name=gvisor-installer';

export interface NodeGvisorStatus {
  node: string;
  nodeReady: boolean;
  installed: boolean;
  configured: boolean;
  verified: boolean;
  /** The ready label the RuntimeClass selects on. */
  labelled: boolean;
  installerPod: string | undefined;
  installerReady: boolean;
  detail: string;
}

/** Pure: one node's gVisor state from the node object and the installer pod on it. */
export function nodeGvisorStatus(node: V1Node, installer: V1Pod | undefined): NodeGvisorStatus {
  const name = node.metadata?.name ?? '?';
  const note = node.metadata?.annotations?.[gvisorStatusAnnotation] ?? '';
  const steps = note.split(';')[0]?.split(',').map((x) => x.trim()) ?? [];
  const labelled = node.metadata?.labels?.[gvisorReadyLabel] === gvisorReadyValue;
  const installerReady = installer?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  const nodeReady = node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  const verified = steps.includes('verified') && labelled;
  let detail = note || 'no installer status on this node';
  if (!installer) detail = `no installer pod on this node; ${detail}`;
  return {
    node: name,
    nodeReady,
    installed: steps.includes('installed'),
    configured: steps.includes('configured'),
    verified,
    labelled,
    installerPod: installer?.metadata?.name,
    installerReady,
    detail,
  };
}

/** For each node: is gVisor installed, configured and verified? Used by `doctor` and the suites. */
export async function gvisorStatusByNode(core: CoreV1Api): Promise<NodeGvisorStatus[]> {
  const [nodes, pods] = await Promise.all([
    core.listNode(),
    core.listNamespacedPod({ namespace: installerNamespace, labelSelector: installerSelector }).catch(() => ({ items: [] as V1Pod[] })),
  ]);
  return nodes.items.map((n) => nodeGvisorStatus(n, pods.items.find((p) => p.spec?.nodeName === n.metadata?.name)));
}
