/** Which nodes a scenario works on: the workers gVisor is verified on, in name order. */
import { InfrastructureError } from '../errors.js';
import { gvisorStatusByNode } from '../gvisor/node-status.js';
import type { Kube } from '../kube/client.js';

export async function gvisorWorkers(kube: Kube, atLeast = 1): Promise<string[]> {
  const ready = (await gvisorStatusByNode(kube.core)).filter((s) => s.nodeReady && s.labelled).map((s) => s.node).sort();
  if (ready.length < atLeast) {
    throw new InfrastructureError(`chaos needs ${atLeast} Ready workers with gVisor verified, found ${ready.length} (${ready.join(', ') || 'none'})`, '`gauntlet cluster up` repairs the local cluster');
  }
  return ready;
}
