/**
 * Node faults a killed run can leave on the embedded cluster, put right without rebuilding
 * it: a worker container still stopped (node loss), a replacement worker never removed (node
 * replacement), a runsc shim still moved aside (runtime unavailable). The interrupt handler
 * undoes in-flight faults itself; this is the backstop for a run that was killed outright.
 * Runs before cluster up judges the cluster's health, and in `gauntlet sweep`.
 */
import { hiddenShimPath } from '../chaos/in-node-faults.js';
import { kubectl } from './kubectl.js';
import { listNodes, nodeExec, removeNode, startNode, type NodeContainerInfo } from './nodes.js';
import type { ClusterSettings } from './settings.js';
import { nodeReadyMs } from '../timeouts.js';

export interface NodeRepair {
  node: string;
  /** What was (or, with dryRun, would be) done, in words. */
  action: string;
}

/** The runsc shim's path on the local cluster's nodes (the installer's /usr/local/bin). */
const localShimPath = '/usr/local/bin/containerd-shim-runsc-v1';

/** Pure: node containers that are not part of the configured cluster (replacement workers a run left). */
export function strayWorkers(s: Pick<ClusterSettings, 'controlPlaneName' | 'workers'>, nodes: readonly Pick<NodeContainerInfo, 'name' | 'role'>[]): string[] {
  const expected = new Set([s.controlPlaneName, ...s.workers.map((w) => w.name)]);
  return nodes.filter((n) => n.role === 'worker' && !expected.has(n.name)).map((n) => n.name);
}

async function restoreHiddenShim(node: string, dryRun: boolean): Promise<NodeRepair | undefined> {
  const hidden = hiddenShimPath(localShimPath);
  const present = (await nodeExec(node, ['sh', '-c', '[ -e "$0" ] && echo hidden || true', hidden])).trim() === 'hidden';
  if (!present) return undefined;
  // The same rule as the fault's own restore: never overwrite a shim the installer put back.
  if (!dryRun) await nodeExec(node, ['sh', '-c', 'if [ ! -e "$0" ]; then mv "$1" "$0"; else rm -f "$1"; fi', localShimPath, hidden]);
  return { node, action: `moved the runsc shim back from ${hidden}` };
}

/** Puts the embedded cluster's nodes right; returns what it did. Node objects go through the admin kubeconfig. */
export async function repairEmbeddedNodes(s: ClusterSettings, o: { dryRun?: boolean; progress?: (m: string) => void } = {}): Promise<NodeRepair[]> {
  const dryRun = o.dryRun ?? false;
  const repairs: NodeRepair[] = [];
  const nodes = await listNodes(s);
  const stray = strayWorkers(s, nodes);
  for (const name of stray) {
    repairs.push({ node: name, action: 'removed a replacement worker a run left (container and Node object)' });
    if (dryRun) continue;
    await removeNode(name);
    await kubectl(['delete', 'node', name, '--ignore-not-found', '--wait=false'], { component: 'node repair' });
  }
  for (const n of nodes.filter((x) => !x.running && !stray.includes(x.name))) {
    repairs.push({ node: n.name, action: 'started the node container a node-loss fault left stopped' });
    if (dryRun) continue;
    o.progress?.(`starting ${n.name} again (left stopped by a killed run)`);
    await startNode(n.name);
    // Its kubelet rejoins with the same identity; the health check that follows expects it Ready.
    await kubectl(['wait', '--for=condition=Ready', `node/${n.name}`, `--timeout=${Math.round(nodeReadyMs / 1000)}s`], { component: 'node repair' });
  }
  for (const w of s.workers.filter((x) => x.group === 'gvisor')) {
    const r = await restoreHiddenShim(w.name, dryRun).catch(() => undefined);
    if (r) repairs.push(r);
  }
  return repairs;
}
