/**
 * Fault injector for the embedded local cluster: nodes are Docker containers, so node loss
 * is a SIGKILL of the container and replacement is a fresh container joining with kubeadm
 * (lib/cluster/faults.ts). In-node faults go through docker exec (localNodeShell).
 */
import { addReplacementWorker, startWorker, stopWorkerHard } from '../cluster/faults.js';
import { listNodes, removeNode as removeNodeContainer } from '../cluster/nodes.js';
import { clusterSettings, nodeAddress } from '../cluster/settings.js';
import { ignoreNotFound, type Kube } from '../kube/client.js';
import { receiptTime } from '../kube/receipt-time.js';
import { localNodeShell } from '../node-access/node-shell.js';
import { BaseInjector, type FaultKind, type HiddenShim, type InjectedFault, type ReplacedNode } from './fault-injector.js';
import { hideShimVia, restartContainerdVia } from './in-node-faults.js';

/** Whether the kube client points at the embedded local cluster (its API server address). */
export function targetsLocalCluster(server: string): boolean {
  return server.includes(`//${nodeAddress(clusterSettings(), 0)}:`);
}

export class LocalClusterInjector extends BaseInjector {
  readonly name = 'local-cluster';
  protected readonly kinds: readonly FaultKind[] = ['restart-containerd', 'stop-node', 'start-node', 'replace-node', 'remove-node', 'hide-runtime-shim'];

  constructor(private readonly kube: Kube) {
    super();
  }

  override async restartContainerd(node: string): Promise<InjectedFault> {
    const { at, back } = await restartContainerdVia(localNodeShell, node);
    return this.fault('restart-containerd', node, at, `containerd active again ${Math.round(back.receivedAt - at)} ms after the restart`);
  }

  override async stopNode(node: string): Promise<InjectedFault> {
    const at = receiptTime();
    await stopWorkerHard(node);
    return this.fault('stop-node', node, at, 'node container killed (SIGKILL)');
  }

  /** Starts the node container; a node that already runs is left alone (cleanup calls this unconditionally). */
  override async startNode(node: string): Promise<InjectedFault> {
    const at = receiptTime();
    const running = (await listNodes(clusterSettings())).find((n) => n.name === node)?.running === true;
    if (!running) await startWorker(node);
    return this.fault('start-node', node, at, running ? 'node container was already running' : 'node container started; systemd running');
  }

  override async replaceNode(): Promise<ReplacedNode> {
    const at = receiptTime();
    const replacement = await addReplacementWorker();
    return { ...this.fault('replace-node', replacement, at, 'fresh worker joined with kubeadm'), replacement };
  }

  override async removeNode(node: string): Promise<InjectedFault> {
    const at = receiptTime();
    await ignoreNotFound(this.kube.core.deleteNode({ name: node }));
    await removeNodeContainer(node);
    return this.fault('remove-node', node, at, 'Node object deleted, node container and volume removed');
  }

  override async hideRuntimeShim(node: string): Promise<HiddenShim> {
    const { path, at, restore } = await hideShimVia(localNodeShell, node);
    return { ...this.fault('hide-runtime-shim', node, at, `moved ${path} aside`), restore };
  }
}
