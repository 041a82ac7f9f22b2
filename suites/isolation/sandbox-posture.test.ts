import { describe, expect } from 'vitest';
import { test } from '../../fixtures/test-fixtures.js';
import { gauntletLabels } from '../../lib/kube/labels.js';
import { nodeAccess } from '../../lib/node-access/target.js';
import { probePod } from '../../lib/probe/pod-spec.js';
import { capabilityNames, postureProblems, sandboxProcesses } from '../../lib/posture/sandbox-posture.js';
import { gvisorReadyLabel, gvisorReadyValue } from '../../lib/runtimes.js';
import { envScaled, podStartMs } from '../../lib/timeouts.js';
import { waitForPod } from '../../lib/wait.js';

// The host's view of a gVisor sandbox: what the runsc-sandbox process itself may do on the
// node if the Sentry were compromised. Read from the node, not from inside the pod: through
// docker exec on the local cluster, a node agent elsewhere (GAUNTLET_NODE_ACCESS=agent forces it).
describe('gVisor sandbox posture seen from the node', () => {
  test('runs the runsc sandbox process under a seccomp filter with no_new_privs, its own namespaces and no capability beyond the directfs set', async ({ kube, namespace, cleanup, runId, suite }) => {
    const nodes = (await kube.core.listNode({ labelSelector: `${gvisorReadyLabel}=${gvisorReadyValue}` })).items;
    const node = nodes.map((n) => n.metadata?.name ?? '').sort()[0];
    if (!node) throw new Error(`no node labelled ${gvisorReadyLabel}=${gvisorReadyValue}`);

    const name = 'posture-hold';
    await kube.core.createNamespacedPod({ namespace, body: probePod({ name, runtime: 'runsc', node, args: ['hold'], labels: gauntletLabels(runId, suite) }) });
    cleanup.register(`delete pod ${namespace}/${name}`, () => kube.core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 }));
    await waitForPod(kube, namespace, name, 'Running', envScaled(podStartMs));

    const { shell } = await nodeAccess({ kube, cleanup, runId, suite });
    const sandboxes = await sandboxProcesses(shell, node);
    expect(sandboxes.length, `runsc-sandbox processes on ${node} while a gVisor pod runs`).toBeGreaterThan(0);
    for (const s of sandboxes) {
      console.log(`[posture] ${node} (${shell.kind}) pid ${s.pid}: seccomp ${s.seccomp}, no_new_privs ${s.noNewPrivs}, CapEff ${capabilityNames(s.capEff).join(',') || 'none'}`);
      expect(postureProblems(s), `runsc-sandbox pid ${s.pid} on ${node}`).toEqual([]);
    }
  });
});
