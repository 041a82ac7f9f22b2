import { describe, expect } from 'vitest';
import { test } from '../../fixtures/test-fixtures.js';
import { runtimeIdentityProblems } from '../../lib/escape/runtime-proof.js';
import { gauntletLabels } from '../../lib/kube/labels.js';
import { probePod } from '../../lib/probe/pod-spec.js';
import { parseProbeResult } from '../../lib/probe/result.js';
import { runtimes } from '../../lib/runtimes.js';
import { envScaled, podStartMs } from '../../lib/timeouts.js';
import { waitForPod } from '../../lib/wait.js';

// A pod that asked for gVisor but runs under runc is the worst failure this
// harness can miss, so every runtime proves from inside which kernel it meets.
const workers = (process.env.GAUNTLET_WORKERS ?? 'gauntlet-worker,gauntlet-worker2').split(',');

describe.each(runtimes)('runtime identity under %s', (runtime) => {
  test.for(workers)(`proves from inside the pod which kernel it runs on (${runtime}, node %s)`, async (node, { kube, namespace, cleanup, runId, suite }) => {
    const name = `identity-${runtime}`;
    await kube.core.createNamespacedPod({ namespace, body: probePod({ name, runtime, node, args: ['identity'], labels: gauntletLabels(runId, suite) }) });
    cleanup.register(`delete pod ${namespace}/${name}`, () => kube.core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 }));
    await waitForPod(kube, namespace, name, 'Finished', envScaled(podStartMs));
    const logs = await kube.core.readNamespacedPodLog({ namespace, name });
    const parsed = parseProbeResult(logs);
    if (!parsed.ok) throw new Error(`probe result invalid: ${parsed.reason}; raw: ${logs.slice(0, 500)}`);
    const { identity } = parsed.result;
    const hostKernel = (await kube.core.readNode({ name: node })).status?.nodeInfo?.kernelVersion;

    expect(runtimeIdentityProblems(identity, runtime, hostKernel), `evidence: ${identity.evidence.join('; ')}`).toEqual([]);
  });
});
