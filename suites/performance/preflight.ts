/**
 * What the performance suite needs before it measures anything: the gVisor RuntimeClass, and
 * gVisor verified on at least one Ready node. Returns the reason it cannot run, or undefined.
 */
import { gvisorStatusByNode } from '../../lib/gvisor/node-status.js';
import { describeKubeError, isNotFound, type Kube } from '../../lib/kube/client.js';
import { runtimeClassFor } from '../../lib/runtimes.js';

export async function performanceBlocker(kube: Kube, rc: string = runtimeClassFor.runsc ?? 'gvisor'): Promise<string | undefined> {
  try {
    await kube.node.readRuntimeClass({ name: rc });
  } catch (err) {
    if (isNotFound(err)) return `RuntimeClass "${rc}" does not exist, so no runsc pod can be started; install gVisor (gauntlet cluster up, or the installer DaemonSet)`;
    return `cannot read RuntimeClass "${rc}": ${describeKubeError(err)}`;
  }
  const nodes = await gvisorStatusByNode(kube.core);
  if (!nodes.some((n) => n.verified && n.nodeReady)) {
    const detail = nodes.map((n) => `${n.node}: ${n.verified ? 'verified' : 'not verified'}, ${n.nodeReady ? 'Ready' : 'not Ready'} (${n.detail})`).join('; ');
    return `runsc is not verified on any Ready node, so runsc starts cannot be measured: ${detail || 'no nodes'}`;
  }
  return undefined;
}
