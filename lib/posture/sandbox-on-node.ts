/**
 * A gVisor sandbox to inspect from the node: a runsc probe pod holding still on that node, and
 * root on the node (lib/node-access). Shared by the tests that read sandboxes from the host.
 */
import type { CleanupStack } from '../kube/cleanup.js';
import type { Kube } from '../kube/client.js';
import { gauntletLabels } from '../kube/labels.js';
import type { NodeShell } from '../node-access/node-shell.js';
import { nodeAccess } from '../node-access/target.js';
import { probePod } from '../probe/pod-spec.js';
import { envScaled, podStartMs } from '../timeouts.js';
import { waitForPod } from '../wait.js';

export interface SandboxOnNodeOptions {
  kube: Kube;
  namespace: string;
  cleanup: CleanupStack;
  runId: string;
  suite: string;
  node: string;
}

/** Starts a runsc `hold` pod on the node, waits until it runs, and returns a shell on the node. */
export async function sandboxOnNode(o: SandboxOnNodeOptions): Promise<NodeShell> {
  const { kube, namespace, cleanup } = o;
  const name = 'sandbox-hold';
  await kube.core.createNamespacedPod({ namespace, body: probePod({ name, runtime: 'runsc', node: o.node, args: ['hold'], labels: gauntletLabels(o.runId, o.suite) }) });
  cleanup.register(`delete pod ${namespace}/${name}`, () => kube.core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 }));
  await waitForPod(kube, namespace, name, 'Running', envScaled(podStartMs));
  return (await nodeAccess({ kube, cleanup, runId: o.runId, suite: o.suite })).shell;
}
