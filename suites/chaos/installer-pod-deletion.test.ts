import { describe, expect } from 'vitest';
import { test } from '../../fixtures/test-fixtures.js';
import { nodeExec } from '../../lib/cluster/nodes.js';
import { installerNamespace, installerSelector } from '../../lib/gvisor/node-status.js';
import { gvisorReadyLabel, gvisorReadyValue } from '../../lib/runtimes.js';
import { daemonSetReadyMs } from '../../lib/timeouts.js';
import { waitForDaemonSetReady, waitForPodDeleted } from '../../lib/wait.js';

// The installer is idempotent: a recreated installer pod finds the config right
// and must not restart containerd (which would disturb every pod on the node).
const containerdStart = async (node: string): Promise<string> =>
  (await nodeExec(node, ['systemctl', 'show', 'containerd', '-p', 'ExecMainStartTimestampMonotonic', '--value'])).trim();

describe('gVisor installer pod deletion', () => {
  test('leaves containerd running since the same moment and the node labelled ready', async ({ kube }) => {
    const node = 'gauntlet-worker';
    const before = await containerdStart(node);
    const pods = await kube.core.listNamespacedPod({ namespace: installerNamespace, labelSelector: installerSelector });
    const victim = pods.items.find((p) => p.spec?.nodeName === node);
    expect(victim?.metadata?.name, `an installer pod on ${node}`).toBeDefined();
    const name = victim?.metadata?.name ?? '';

    await kube.core.deleteNamespacedPod({ namespace: installerNamespace, name });
    await waitForPodDeleted(kube, installerNamespace, name, daemonSetReadyMs);
    await waitForDaemonSetReady(kube, installerNamespace, 'gvisor-installer', daemonSetReadyMs);

    expect(await containerdStart(node)).toBe(before);
    const labels = (await kube.core.readNode({ name: node })).metadata?.labels ?? {};
    expect(labels[gvisorReadyLabel]).toBe(gvisorReadyValue);
  });
});
