import { describe, expect } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import { test } from '../../fixtures/test-fixtures.js';
import { restartContainerd, startWorker, stopWorkerHard } from '../../lib/cluster/faults.js';
import { imageRepository } from '../../lib/cluster/kubeadm-config.js';
import { nodeNotReadyDetectMs, nodeReadyMs, podStartMs } from '../../lib/timeouts.js';
import { waitForNodeCondition, waitForPod } from '../../lib/wait.js';

// Node faults of the embedded local cluster, under runc. The runsc variants join
// once the gVisor installer is verified on the local cluster (issue 3).
const probeImage = `${imageRepository}/probe:latest`;

const holdPod = (name: string, node: string): V1Pod => ({
  metadata: { name },
  spec: {
    nodeName: node,
    restartPolicy: 'Never',
    containers: [{ name: 'probe', image: probeImage, imagePullPolicy: 'IfNotPresent', args: ['hold'] }],
  },
});

describe('local cluster node faults', () => {
  test('keeps a running runc pod alive with zero restarts across a containerd restart', async ({ kube, namespace }) => {
    const worker = 'gauntlet-worker';
    await kube.core.createNamespacedPod({ namespace, body: holdPod('hold', worker) });
    await waitForPod(kube, namespace, 'hold', 'Running', podStartMs);

    const restartedAt = Date.now();
    await restartContainerd(worker);
    // A new pod starting on that node proves containerd and the kubelet reconnected.
    await kube.core.createNamespacedPod({ namespace, body: holdPod('after', worker) });
    await waitForPod(kube, namespace, 'after', 'Running', podStartMs);
    const recoveryMs = Date.now() - restartedAt;

    const pod = await kube.core.readNamespacedPod({ namespace, name: 'hold' });
    expect(pod.status?.phase).toBe('Running');
    expect(pod.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    console.log(`containerd restart to next runc pod Running: ${recoveryMs} ms`);
  });

  test('reports a hard-stopped worker NotReady and Ready again once it is back', async ({ kube }) => {
    const worker = 'gauntlet-worker2';
    const stoppedAt = Date.now();
    await stopWorkerHard(worker);
    try {
      await waitForNodeCondition(kube, worker, 'Ready', nodeNotReadyDetectMs, { status: 'Unknown' });
      console.log(`node loss to NotReady: ${Date.now() - stoppedAt} ms`);
    } finally {
      await startWorker(worker);
    }
    await waitForNodeCondition(kube, worker, 'Ready', nodeReadyMs, { status: 'True' });
  });
});
