import { describe } from 'vitest';
import { test, expect } from './chaos-test.js';
import { scenario, skipUnlessPermitted } from './scenario-record.js';
import { scenarioNeeds } from '../../lib/doctor/permissions.js';
import { PlacementRecorder, runscBoundOffGvisor } from '../../lib/chaos/placement.js';
import { classifyRun, createPod } from '../../lib/chaos/probe-runs.js';
import { placementWatchLagMs } from '../../lib/chaos/timeouts.js';
import { installerNamespace } from '../../lib/gvisor/node-status.js';
import { probePod } from '../../lib/probe/pod-spec.js';
import { gvisorReadyLabel, gvisorReadyValue } from '../../lib/runtimes.js';
import { daemonSetReadyMs, envScaled, nodeReadyMs, podStartMs, probeFinishMs } from '../../lib/timeouts.js';
import { waitForDaemonSetReady, waitForNodeCondition, waitForPod } from '../../lib/wait.js';

// A replaced node joins without gVisor. The RuntimeClass selects on the installer's ready
// label, so a runsc pod asked for on the new node waits until the installer has installed,
// configured and verified gVisor there; a runc pod needs nothing and runs at once.
// One join serves both runtimes: a join costs a minute or more on the local cluster.

describe('node replacement', () => {
  test('gives a fresh worker gVisor through the DaemonSet, holds runsc pods off it until it is labelled, and runs runc on it meanwhile', async ({ kube, namespace, cleanup, chaos, skip }) => {
    await skipUnlessPermitted(kube, skip, { id: 'node-replacement', runtimes: ['runsc', 'runc'], needs: scenarioNeeds.nodeReplacement });
    expect(chaos.faults.supports('replace-node'), `an injector for node replacement among ${chaos.parts.join(', ')}`).toBe(true);
    let node = '';
    let joinedAt = 0;
    let readyAt = 0;
    await scenario('node-replacement', 'runsc', async (log) => {
      // The runsc pod's binding is judged by the new node as it was when the pod was bound.
      const placements = await new PlacementRecorder(kube, namespace).start();
      cleanup.register('stop the placement watch', () => placements.stop());
      const joined = await chaos.faults.replaceNode();
      node = joined.replacement;
      joinedAt = joined.at;
      cleanup.register(`remove replacement worker ${node}`, () => chaos.faults.removeNode(node));
      const ready = await waitForNodeCondition(kube, node, 'Ready', envScaled(nodeReadyMs));
      readyAt = ready.receivedAt;
      log.figure('replacement-join-to-ready', ready.receivedAt - joined.at);
      const labelledAtReady = ready.value.metadata?.labels?.[gvisorReadyLabel] === gvisorReadyValue;

      // Ask for a sandbox on the new node at once: it may only be scheduled once the installer labelled it.
      await createPod(kube, namespace, probePod({ name: 'sandbox-on-new-node', runtime: 'runsc', args: ['identity'], node }), cleanup);
      const scheduled = await waitForPod(kube, namespace, 'sandbox-on-new-node', 'Scheduled', envScaled(podStartMs + daemonSetReadyMs));
      expect(scheduled.value.spec?.nodeName).toBe(node);
      const binding = await placements.bindingOf('sandbox-on-new-node', envScaled(placementWatchLagMs));
      expect(binding.nodeLabelsAtBinding?.[gvisorReadyLabel], `${node}'s ${gvisorReadyLabel} label when the runsc pod was bound to it`).toBe(gvisorReadyValue);
      expect(runscBoundOffGvisor(placements.judged()), 'runsc pods bound to a node that was not gVisor-ready at that moment').toEqual([]);
      if (!labelledAtReady) {
        expect(scheduled.history.map((h) => h.state).join(' → '), 'held back while unlabelled').toMatch(/Unschedulable/);
        log.note(`unlabelled when Ready; the runsc pod waited: ${scheduled.history.map((h) => h.state).join(' → ')}`);
      } else {
        log.note('the installer had labelled the node before it reported Ready');
      }
      log.figure('replacement-join-to-first-runsc-scheduled', scheduled.receivedAt - joined.at);

      await waitForPod(kube, namespace, 'sandbox-on-new-node', 'Finished', envScaled(probeFinishMs));
      const c = await classifyRun(kube, namespace, 'sandbox-on-new-node');
      expect(c.status, c.reason).toBe('succeeded');
      expect(c.result?.identity.gvisor, 'runsc on the new node is gVisor').toBe(true);
      await waitForDaemonSetReady(kube, installerNamespace, 'gvisor-installer', envScaled(daemonSetReadyMs));
    });

    await scenario('node-replacement', 'runc', async (log) => {
      const created = await createPod(kube, namespace, probePod({ name: 'runc-on-new-node', runtime: 'runc', args: ['identity'], node }), cleanup);
      const finished = await waitForPod(kube, namespace, 'runc-on-new-node', 'Finished', envScaled(probeFinishMs));
      const c = await classifyRun(kube, namespace, 'runc-on-new-node');
      expect(c.status, c.reason).toBe('succeeded');
      expect(c.result?.identity.gvisor, 'runc on the new node is the host kernel').toBe(false);
      log.note(`runc pod on ${node} (Ready ${Math.round(readyAt - joinedAt)} ms after the join began) finished ${Math.round(finished.receivedAt - created)} ms after its create`);
    });
  });
});
