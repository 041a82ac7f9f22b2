/**
 * Faults delivered through the Kubernetes API alone, the same on every cluster.
 */
import { InfrastructureError } from '../errors.js';
import { installerNamespace, installerSelector } from '../gvisor/node-status.js';
import type { Kube } from '../kube/client.js';
import { receiptTime } from '../kube/receipt-time.js';
import { BaseInjector, type DeletedPod, type FaultKind } from './fault-injector.js';

export class KubeApiInjector extends BaseInjector {
  readonly name = 'kube-api';
  protected readonly kinds: readonly FaultKind[] = ['delete-installer-pod'];

  constructor(private readonly kube: Kube) {
    super();
  }

  /** Deletes the installer pod on the node (the seeds' "DaemonSet pod deletion"); names it in `victim`. */
  override async deleteInstallerPod(node: string): Promise<DeletedPod> {
    const pods = await this.kube.core.listNamespacedPod({ namespace: installerNamespace, labelSelector: installerSelector, fieldSelector: `spec.nodeName=${node}` });
    const victim = pods.items.find((p) => !p.metadata?.deletionTimestamp)?.metadata?.name;
    if (!victim) throw new InfrastructureError(`no gVisor installer pod on ${node}`, `kubectl -n ${installerNamespace} get pods -l ${installerSelector} -o wide`);
    const at = receiptTime();
    await this.kube.core.deleteNamespacedPod({ namespace: installerNamespace, name: victim });
    return { ...this.fault('delete-installer-pod', node, at, `deleted pod ${installerNamespace}/${victim}`), victim: { namespace: installerNamespace, name: victim } };
  }
}
