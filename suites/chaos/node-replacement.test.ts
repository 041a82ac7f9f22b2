import { describe, expect } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import { test } from '../../fixtures/test-fixtures.js';
import { addReplacementWorker } from '../../lib/cluster/faults.js';
import { imageRepository } from '../../lib/cluster/kubeadm-config.js';
import { removeNode } from '../../lib/cluster/nodes.js';
import { ignoreNotFound } from '../../lib/kube/client.js';
import { runtimeClassFor, gvisorReadyLabel, gvisorReadyValue } from '../../lib/runtimes.js';
import { daemonSetReadyMs, nodeReadyMs, podStartMs } from '../../lib/timeouts.js';
import { waitForDaemonSetReady, waitForNodeCondition, waitForPod } from '../../lib/wait.js';
import { installerNamespace } from '../../lib/gvisor/node-status.js';

const probeImage = `${imageRepository}/probe:latest`;

describe('node replacement', () => {
  test('gives a fresh worker gVisor through the DaemonSet and holds runsc pods off it until it is labelled', async ({ kube, namespace, cleanup }) => {
    const joinedAt = Date.now();
    const node = await addReplacementWorker();
    cleanup.register(`remove replacement worker ${node}`, async () => {
      await ignoreNotFound(kube.core.deleteNode({ name: node }));
      await removeNode(node);
    });
    await waitForNodeCondition(kube, node, 'Ready', nodeReadyMs);

    // Ask for a sandbox on the new node at once: it may only start once the installer labelled the node.
    const pod: V1Pod = {
      metadata: { name: 'sandbox-on-new-node' },
      spec: {
        runtimeClassName: runtimeClassFor.runsc,
        nodeSelector: { 'kubernetes.io/hostname': node },
        restartPolicy: 'Never',
        containers: [{ name: 'probe', image: probeImage, imagePullPolicy: 'IfNotPresent', args: ['identity'] }],
      },
    };
    await kube.core.createNamespacedPod({ namespace, body: pod });
    const scheduled = await waitForPod(kube, namespace, 'sandbox-on-new-node', 'Scheduled', podStartMs + daemonSetReadyMs);
    const labelledAt = Date.now();
    const labels = (await kube.core.readNode({ name: node })).metadata?.labels ?? {};
    expect(labels[gvisorReadyLabel], 'scheduled only onto a node labelled ready').toBe(gvisorReadyValue);
    expect(scheduled.value.spec?.nodeName).toBe(node);

    await waitForPod(kube, namespace, 'sandbox-on-new-node', 'Finished', podStartMs);
    const logs = await kube.core.readNamespacedPodLog({ namespace, name: 'sandbox-on-new-node' });
    expect(logs).toContain('"gvisor":true');
    await waitForDaemonSetReady(kube, installerNamespace, 'gvisor-installer', daemonSetReadyMs);
    console.log(`replacement worker ${node}: join to first runsc pod scheduled ${labelledAt - joinedAt} ms`);
  });
});
