import { describe, expect } from 'vitest';
import { kubeOptionsFromEnv, test } from '../../fixtures/test-fixtures.js';
import { createKube } from '../../lib/kube/client.js';
import { workersFor } from '../../lib/kube/node-choice.js';
import { runtimeIdentityProblems } from '../../lib/escape/runtime-proof.js';
import { gauntletLabels } from '../../lib/kube/labels.js';
import { probePod } from '../../lib/probe/pod-spec.js';
import { parseProbeResult } from '../../lib/probe/result.js';
import { runtimes, type Runtime } from '../../lib/runtimes.js';
import { envScaled, podStartMs } from '../../lib/timeouts.js';
import { waitForPod } from '../../lib/wait.js';

// A pod that asked for gVisor but runs under runc is the worst failure this
// harness can miss, so every runtime proves from inside which kernel it meets, on every
// node it may run on: runsc on each gVisor-ready node, runc on every worker (the standard
// node group too). Nodes are chosen by label when the file is collected.
const kubeAtCollection = createKube(kubeOptionsFromEnv());
const nodesOf = Object.fromEntries(await Promise.all(runtimes.map(async (r) => [r, await workersFor(kubeAtCollection, r)] as const))) as Record<Runtime, string[]>;

describe.each(runtimes)('runtime identity under %s', (runtime) => {
  test('has a node to run on', () => {
    expect(nodesOf[runtime], `Ready workers that serve ${runtime}`).not.toEqual([]);
  });
  test.for(nodesOf[runtime])(`proves from inside the pod which kernel it runs on (${runtime}, node %s)`, async (node, { kube, namespace, cleanup, runId, suite }) => {
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
