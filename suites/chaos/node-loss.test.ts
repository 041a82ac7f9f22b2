import { describe } from 'vitest';
import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { test, expect } from './chaos-test.js';
import { scenario } from './scenario-record.js';
import { classifyRun, readPod, startPod, waitForPodsRunningElsewhere } from '../../lib/chaos/probe-runs.js';
import { PlacementRecorder, runscBoundOffGvisor } from '../../lib/chaos/placement.js';
import { gvisorWorkers } from '../../lib/chaos/targets.js';
import { replacementRunningMs, unreachableTolerationSeconds } from '../../lib/chaos/timeouts.js';
import { installerNamespace } from '../../lib/gvisor/node-status.js';
import { ignoreNotFound } from '../../lib/kube/client.js';
import { probePod } from '../../lib/probe/pod-spec.js';
import { resilienceFigureNames } from '../../lib/report/gate-schema.js';
import { gvisorReadyLabel, gvisorReadyValue, runtimes } from '../../lib/runtimes.js';
import { daemonSetReadyMs, envScaled, nodeNotReadyDetectMs, nodeReadyMs, podStartMs, probeFinishMs } from '../../lib/timeouts.js';
import { waitForDaemonSetReady, waitForNodeCondition, waitForPod } from '../../lib/wait.js';

/** Bare probe runs on the node when it dies: their results cannot arrive. */
const inFlight = 2;
/** Replicas of a workload that prefers the node; all must come back elsewhere. */
const replicas = 2;

/** Evict from an unreachable node within seconds instead of the default 300 s, so replacements start in the test. */
const fastEviction: V1Pod['spec'] = {
  containers: [],
  tolerations: ['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready'].map((key) => ({
    key,
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: unreachableTolerationSeconds,
  })),
};

describe.each(runtimes)('node loss under %s', (runtime) => {
  test(`reports a lost worker NotReady in time, calls its in-flight ${runtime} probes lost, restarts its workload ${runtime === 'runsc' ? 'only on nodes gVisor-ready when bound' : 'on any worker'}, and runs ${runtime} on it again once it is back`, async ({ kube, namespace, cleanup, chaos }) => {
    await scenario('node-loss', runtime, async (log) => {
      expect(chaos.faults.supports('stop-node'), `an injector for node loss among ${chaos.parts.join(', ')}`).toBe(true);
      const workers = await gvisorWorkers(kube, 2);
      const victim = workers[workers.length - 1] ?? '';
      // Every binding of this scenario, judged by its node as it was when the pod was bound.
      const placements = await new PlacementRecorder(kube, namespace).start();
      cleanup.register('stop the placement watch', () => placements.stop());
      const placedOrBadBinding = async <T>(wait: Promise<T>): Promise<T> => {
        const outcome = await wait.then((value) => ({ value }), (error: unknown) => ({ error }));
        expect(runscBoundOffGvisor(placements.judged()), 'runsc pods bound to a node that was not gVisor-ready at that moment').toEqual([]);
        if ('error' in outcome) throw outcome.error;
        return outcome.value;
      };

      // Before: in-flight probes on the victim, and a workload placed there by preference.
      const names = Array.from({ length: inFlight }, (_, i) => `in-flight-${i}`);
      for (const name of names) {
        await startPod(kube, namespace, probePod({ name, runtime, args: ['hold'], node: victim, spec: { tolerations: fastEviction.tolerations } }), cleanup);
      }
      const app = { 'sandbox-gauntlet.dev/app': `workload-${runtime}` };
      const template = probePod({ name: 'workload', runtime, args: ['hold'], labels: app, spec: { tolerations: fastEviction.tolerations } });
      template.spec = {
        ...template.spec,
        containers: template.spec?.containers ?? [],
        restartPolicy: 'Always', // what a Deployment requires
        // First the victim; once it is gone, nodes without gVisor: a tenant's affinity may ask for
        // anything, and only the RuntimeClass's scheduling keeps runsc off the standard group.
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 100, preference: { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [victim] }] } },
              { weight: 50, preference: { matchExpressions: [{ key: gvisorReadyLabel, operator: 'DoesNotExist' }] } },
            ],
          },
        },
      };
      const deployment: V1Deployment = {
        metadata: { name: 'workload', labels: app },
        spec: { replicas, selector: { matchLabels: app }, template: { metadata: { labels: { ...template.metadata?.labels, ...app } }, spec: template.spec } },
      };
      await kube.apps.createNamespacedDeployment({ namespace, body: deployment });
      cleanup.register('delete deployment workload', () => ignoreNotFound(kube.apps.deleteNamespacedDeployment({ namespace, name: 'workload' })));
      const selector = Object.entries(app).map(([k, v]) => `${k}=${v}`).join(',');
      // A runsc pod bound off the gVisor group never runs: judge the bindings before the wait's own failure.
      const placed = await placedOrBadBinding(waitForPodsRunningElsewhere(kube, namespace, selector, replicas, '', envScaled(podStartMs)));
      const onVictim = placed.value.filter((p) => p.spec?.nodeName === victim).map((p) => p.metadata?.name ?? '');
      expect(onVictim.length, `workload pods placed on ${victim} by preference`).toBeGreaterThan(0);
      const lastSeen = new Map<string, V1Pod | undefined>();
      for (const name of names) lastSeen.set(name, await readPod(kube, namespace, name));

      // The fault; whatever happens next, the node is started again.
      const fault = await chaos.faults.stopNode(victim);
      cleanup.register(`start ${victim} again and wait until it is Ready`, async () => {
        await chaos.faults.startNode(victim);
        await waitForNodeCondition(kube, victim, 'Ready', envScaled(nodeReadyMs));
      });
      log.note(`${fault.injector}: ${fault.detail ?? ''}`);

      // During: NotReady detected in time; the workload comes back only on gVisor-ready nodes.
      const notReady = await waitForNodeCondition(kube, victim, 'Ready', envScaled(nodeNotReadyDetectMs), { status: 'Unknown' });
      log.figure(resilienceFigureNames.nodeNotReadyDetect, notReady.receivedAt - fault.at);
      const replaced = await placedOrBadBinding(waitForPodsRunningElsewhere(kube, namespace, selector, replicas, victim, envScaled(replacementRunningMs)));
      log.figure('node-loss-to-replacement-running', replaced.receivedAt - fault.at);
      for (const p of replaced.value) {
        expect(p.spec?.nodeName).not.toBe(victim);
        expect(p.metadata?.labels?.['sandbox-gauntlet.dev/runtime']).toBe(runtime);
      }
      const whileGone = placements.judged();
      expect(runscBoundOffGvisor(whileGone), 'runsc pods bound to a node that was not gVisor-ready at that moment').toEqual([]);
      const offGvisor = whileGone.filter((b) => b.nodeLabelsAtBinding?.[gvisorReadyLabel] !== gvisorReadyValue).map((b) => `${b.pod} → ${b.node}`);
      log.note(`${whileGone.length} bindings judged by node state at binding; on nodes without gVisor: ${offGvisor.join(', ') || 'none'}`);

      // The in-flight runs on the dead node: lost, neither failed nor passed.
      for (const name of names) {
        const c = await classifyRun(kube, namespace, name, { nodeLost: true, lastSeen: lastSeen.get(name) });
        expect(c.status, `${name}: ${c.reason}`).toBe('lost');
      }
      log.note(`${inFlight} in-flight ${runtime} probes on ${victim} classified lost (their node died; not counted as lost results)`);

      // After: the node returns and runs the runtime again.
      const started = await chaos.faults.startNode(victim);
      const ready = await waitForNodeCondition(kube, victim, 'Ready', envScaled(nodeReadyMs));
      log.figure('node-return-to-ready', ready.receivedAt - started.at);
      await waitForDaemonSetReady(kube, installerNamespace, 'gvisor-installer', envScaled(daemonSetReadyMs));
      const again = await startPod(kube, namespace, probePod({ name: 'after-return', runtime, args: ['identity'], node: victim }), cleanup);
      await waitForPod(kube, namespace, 'after-return', 'Finished', envScaled(probeFinishMs));
      const c = await classifyRun(kube, namespace, 'after-return');
      expect(c.status, c.reason).toBe('succeeded');
      expect(c.result?.identity.gvisor, `${runtime} on ${victim} after its return`).toBe(runtime === 'runsc');
      expect(runscBoundOffGvisor(placements.judged()), 'runsc pods bound to a node that was not gVisor-ready at that moment').toEqual([]);
      log.note(`${runtime} pod on the returned ${victim} started in ${Math.round(again.startMs)} ms`);
    });
  });
});
