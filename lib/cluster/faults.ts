import { InfrastructureError } from '../errors.js';
import { killNode, listNodes, nodeExec, startNode } from './nodes.js';
import { clusterSettings } from './settings.js';
import { addWorker, nextWorker } from './up.js';

/**
 * Node faults of the local cluster, as library functions for the chaos suite.
 * Each acts on the node container only; the suite observes the effect through
 * the Kubernetes API.
 */

async function requireWorker(node: string): Promise<void> {
  const s = clusterSettings();
  const n = (await listNodes(s)).find((x) => x.name === node);
  if (!n) throw new InfrastructureError(`no node container named ${node}`, 'see `gauntlet cluster status`');
  if (n.role !== 'worker') throw new InfrastructureError(`${node} is the control plane; node faults target workers only`);
}

/** Node loss: the worker's container is killed (SIGKILL), as a power cut would. */
export async function stopWorkerHard(node: string): Promise<void> {
  await requireWorker(node);
  await killNode(node);
}

/** Brings a stopped worker back; its kubelet rejoins with the same identity and address. */
export async function startWorker(node: string): Promise<void> {
  await requireWorker(node);
  await startNode(node);
}

/** Adds a fresh gVisor-group worker that joins the cluster (node replacement); returns its name. */
export async function addReplacementWorker(progress: (m: string) => void = () => {}): Promise<string> {
  const { name, ip } = await nextWorker();
  await addWorker(name, ip, 'gvisor', progress);
  return name;
}

/** Restarts containerd through the node's systemd, as `systemctl restart containerd` on an EKS node. */
export async function restartContainerd(node: string): Promise<void> {
  await nodeExec(node, ['systemctl', 'restart', 'containerd']);
}
