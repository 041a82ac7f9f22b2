import { describe } from 'vitest';
import type { V1Node } from '@kubernetes/client-node';
import { test, expect } from './chaos-test.js';
import { scenario, skipUnlessPermitted } from './scenario-record.js';
import { scenarioNeeds } from '../../lib/doctor/permissions.js';
import { containerdStartStamp } from '../../lib/chaos/in-node-faults.js';
import { pollSource } from '../../lib/chaos/poll-source.js';
import { readPod, restartsOf, runningRunscPodsOn, startPod } from '../../lib/chaos/probe-runs.js';
import { describeCensus, takeRuntimeCensus } from '../../lib/chaos/runtime-census.js';
import { gvisorWorkers } from '../../lib/chaos/targets.js';
import { installerNamespace } from '../../lib/gvisor/node-status.js';
import { probePod } from '../../lib/probe/pod-spec.js';
import { gvisorReadyLabel, gvisorReadyValue, runtimes } from '../../lib/runtimes.js';
import { daemonSetReadyMs, envScaled } from '../../lib/timeouts.js';
import { waitFor, waitForDaemonSetReady, waitForPodDeleted } from '../../lib/wait.js';

// The installer is idempotent: a recreated installer pod finds the config right and must
// not restart containerd, which would disturb every pod on the node (seeds: "DaemonSet pod deletion").

const readyCondition = (n: V1Node | undefined): string => {
  const c = n?.status?.conditions?.find((x) => x.type === 'Ready');
  return `${c?.status ?? '?'} since ${c?.lastTransitionTime?.toISOString() ?? '?'}`;
};

describe.each(runtimes)('gVisor installer pod deletion under %s', (runtime) => {
  test(`leaves containerd running since the same moment, every node Ready and running ${runtime} pods untouched`, async ({ kube, namespace, cleanup, chaos, skip }) => {
    await skipUnlessPermitted(kube, skip, { id: 'installer-pod-deletion', runtimes: [runtime], needs: scenarioNeeds.installerPodDeletion });
    await scenario('installer-pod-deletion', runtime, async (log) => {
      const [node = ''] = await gvisorWorkers(kube);
      const shell = chaos.agents.shell;
      const held = await startPod(kube, namespace, probePod({ name: 'held', runtime, args: ['hold'], node }), cleanup);
      const stamp = await containerdStartStamp(shell, node);
      const nodesBefore = (await kube.core.listNode()).items.map((n) => [n.metadata?.name ?? '', readyCondition(n)] as const);
      const censusBefore = await takeRuntimeCensus(shell, node, await runningRunscPodsOn(kube, node));

      // Watch every node's Ready condition through the window: any change is a finding.
      const changes: string[] = [];
      const stopWatching = new AbortController();
      cleanup.register('stop watching node conditions', () => stopWatching.abort());
      void waitFor<V1Node[], never>({
        what: 'a node Ready condition change during the installer pod deletion',
        source: pollSource(async () => (await kube.core.listNode()).items),
        until: (nodes) => {
          for (const n of nodes ?? []) {
            const was = nodesBefore.find(([name]) => name === n.metadata?.name)?.[1];
            if (was !== undefined && was !== readyCondition(n)) changes.push(`${n.metadata?.name}: ${was} → ${readyCondition(n)}`);
          }
          return { done: false, state: `${changes.length} changes` };
        },
        timeoutMs: envScaled(daemonSetReadyMs),
        signal: stopWatching.signal,
      }).catch(() => undefined);

      const fault = await chaos.faults.deleteInstallerPod(node);
      log.note(`${fault.injector}: ${fault.detail ?? ''}`);
      // A PodChaos (Chaos Mesh) names no victim; then the DaemonSet's readiness is all there is to wait for.
      if (fault.victim) await waitForPodDeleted(kube, fault.victim.namespace, fault.victim.name, envScaled(daemonSetReadyMs));
      const back = await waitForDaemonSetReady(kube, installerNamespace, 'gvisor-installer', envScaled(daemonSetReadyMs));
      log.figure('installer-pod-recreated-ready', back.receivedAt - fault.at);

      stopWatching.abort();
      expect(await containerdStartStamp(shell, node), 'containerd not restarted').toBe(stamp);
      expect(changes, 'no node changed its Ready condition').toEqual([]);
      const after = (await kube.core.listNode()).items.map((n) => [n.metadata?.name ?? '', readyCondition(n)] as const);
      expect(after).toEqual(nodesBefore);
      const labels = (await kube.core.readNode({ name: node })).metadata?.labels ?? {};
      expect(labels[gvisorReadyLabel]).toBe(gvisorReadyValue);

      const pod = await readPod(kube, namespace, 'held');
      expect(pod?.status?.phase).toBe('Running');
      expect(restartsOf(pod)).toBe(0);
      expect(pod?.status?.startTime?.getTime()).toBe(held.pod.status?.startTime?.getTime());
      if (runtime === 'runsc') {
        const censusAfter = await takeRuntimeCensus(shell, node, await runningRunscPodsOn(kube, node));
        const uid = held.pod.metadata?.uid;
        const pid = (c: typeof censusAfter): number[] => c.processes.filter((p) => p.role === 'sandbox' && p.podUid === uid).map((p) => p.pid);
        expect(pid(censusAfter), `the held pod's runsc-sandbox survives (${describeCensus(censusAfter)})`).toEqual(pid(censusBefore));
        expect(pid(censusAfter).length).toBe(1);
      }
    });
  });
});
