import { describe, expect } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import { test } from '../../fixtures/test-fixtures.js';
import { imageRepository } from '../../lib/cluster/kubeadm-config.js';
import { parseProbeResult } from '../../lib/probe/result.js';
import { runtimeClassFor, runtimes, type Runtime } from '../../lib/runtimes.js';
import { podStartMs } from '../../lib/timeouts.js';
import { waitForPod } from '../../lib/wait.js';

// A pod that asked for gVisor but runs under runc is the worst failure this
// harness can miss, so every runtime proves from inside which kernel it meets.
const probeImage = process.env.GAUNTLET_PROBE_IMAGE ?? `${imageRepository}/probe:latest`;
const workers = (process.env.GAUNTLET_WORKERS ?? 'gauntlet-worker,gauntlet-worker2').split(',');

const identityPod = (name: string, runtime: Runtime, node: string): V1Pod => ({
  metadata: { name },
  spec: {
    runtimeClassName: runtimeClassFor[runtime],
    // A node selector, not nodeName: the RuntimeClass's own scheduling rules still apply.
    nodeSelector: { 'kubernetes.io/hostname': node },
    restartPolicy: 'Never',
    containers: [{ name: 'probe', image: probeImage, imagePullPolicy: 'IfNotPresent', args: ['identity'] }],
  },
});

describe.each(runtimes)('runtime identity under %s', (runtime) => {
  test.for(workers)(`proves from inside the pod which kernel it runs on (${runtime}, node %s)`, async (node, { kube, namespace }) => {
    const name = `identity-${runtime}`;
    await kube.core.createNamespacedPod({ namespace, body: identityPod(name, runtime, node) });
    await waitForPod(kube, namespace, name, 'Finished', podStartMs);
    const logs = await kube.core.readNamespacedPodLog({ namespace, name });
    const parsed = parseProbeResult(logs);
    if (!parsed.ok) throw new Error(`probe result invalid: ${parsed.reason}; raw: ${logs.slice(0, 500)}`);
    const { identity } = parsed.result;
    const hostKernel = (await kube.core.readNode({ name: node })).status?.nodeInfo?.kernelVersion;

    if (runtime === 'runsc') {
      expect(identity.gvisor, `evidence: ${identity.evidence.join('; ')}`).toBe(true);
      expect(identity.kernelLogFirstLine ?? '').toContain('gVisor');
      expect(identity.kernelRelease).not.toBe(hostKernel);
    } else {
      expect(identity.gvisor, `evidence: ${identity.evidence.join('; ')}`).toBe(false);
      expect(identity.kernelRelease).toBe(hostKernel);
    }
  });
});
