import { describe } from 'vitest';
import { test, expect } from './chaos-test.js';
import { scenario } from './scenario-record.js';
import { classifyRun, createPod, startPod, waitForRuntimeUnavailable } from '../../lib/chaos/probe-runs.js';
import { gvisorWorkers } from '../../lib/chaos/targets.js';
import { runtimeUnavailableReportMs } from '../../lib/chaos/timeouts.js';
import { describeKubeError, ignoreNotFound } from '../../lib/kube/client.js';
import { gauntletLabels } from '../../lib/kube/labels.js';
import { randomSuffix } from '../../lib/kube/namespace.js';
import { classifyProbeRun } from '../../lib/probe/run-status.js';
import { probePod } from '../../lib/probe/pod-spec.js';
import { gvisorHandler, runtimes, type Runtime } from '../../lib/runtimes.js';
import { envScaled, podStartMs, probeFinishMs } from '../../lib/timeouts.js';
import { waitForPod } from '../../lib/wait.js';

// A runtime that is not there must be said in seconds, with the runtime's own error, not
// discovered as a start timeout minutes later.

const handlerOf: Record<Runtime, string> = { runc: 'runc', runsc: gvisorHandler };
const reportWithin = envScaled(runtimeUnavailableReportMs);

describe.each(runtimes)('runtime unavailable under %s', (runtime) => {
  test(`reports a pod whose ${runtime} handler the node lacks as runtime-unavailable within seconds`, async ({ kube, namespace, cleanup, runId, suite }) => {
    await scenario('runtime-unavailable-handler', runtime, async (log) => {
      const [node = ''] = await gvisorWorkers(kube);
      const rc = `gauntlet-chaos-absent-${runtime}-${randomSuffix()}`;
      await kube.node.createRuntimeClass({
        body: { metadata: { name: rc, labels: gauntletLabels(runId, suite) }, handler: `${handlerOf[runtime]}-absent`, scheduling: { nodeSelector: { 'kubernetes.io/hostname': node } } },
      });
      cleanup.register(`delete RuntimeClass ${rc}`, () => ignoreNotFound(kube.node.deleteRuntimeClass({ name: rc })));

      const createdAt = await createPod(kube, namespace, probePod({ name: 'no-handler', runtime, args: ['start'], spec: { runtimeClassName: rc } }), cleanup);
      const seen = await waitForRuntimeUnavailable(kube, namespace, 'no-handler', reportWithin);
      log.figure('runtime-unavailable-report', seen.receivedAt - createdAt);
      log.note(`handler ${handlerOf[runtime]}-absent: ${seen.value.reason}`);
      expect(seen.value.status).toBe('runtime-unavailable');
      expect(seen.value.reason).toMatch(/absent/);
      // The full classification of the run says the same, and not "timed-out".
      const c = await classifyRun(kube, namespace, 'no-handler', { timedOut: { budgetMs: envScaled(podStartMs) } });
      expect(c.status, c.reason).toBe('runtime-unavailable');
    });
  });
});

describe('runtime unavailable: RuntimeClass and shim', () => {
  test('reports a pod naming a RuntimeClass that does not exist as runtime-unavailable at once', async ({ kube, namespace }) => {
    await scenario('runtime-unavailable-runtimeclass', 'runsc', async (log) => {
      let createError = '';
      try {
        await kube.core.createNamespacedPod({ namespace, body: probePod({ name: 'no-class', runtime: 'runsc', args: ['start'], spec: { runtimeClassName: `gauntlet-chaos-missing-${randomSuffix()}` } }) });
      } catch (err) {
        createError = describeKubeError(err);
      }
      expect(createError, 'the API refuses the pod').not.toBe('');
      const c = classifyProbeRun({ createError });
      log.note(c.reason);
      expect(c.status, c.reason).toBe('runtime-unavailable');
    });
  });

  test('reports runsc pods on a node whose shim binary is gone as runtime-unavailable within seconds, and runs them again once it is back', async ({ kube, namespace, cleanup, chaos }) => {
    await scenario('runtime-unavailable-shim', 'runsc', async (log) => {
      const workers = await gvisorWorkers(kube);
      const node = workers[workers.length - 1] ?? '';
      const hidden = await chaos.faults.hideRuntimeShim(node);
      cleanup.register(`put the runsc shim back on ${node}`, () => hidden.restore());
      log.note(`${hidden.injector}: ${hidden.detail ?? ''}`);

      const createdAt = await createPod(kube, namespace, probePod({ name: 'no-shim', runtime: 'runsc', args: ['start'], node }), cleanup);
      const seen = await waitForRuntimeUnavailable(kube, namespace, 'no-shim', reportWithin);
      log.figure('runtime-unavailable-report', seen.receivedAt - createdAt);
      log.note(seen.value.reason);
      expect(seen.value.status).toBe('runtime-unavailable');
      expect(seen.value.reason).toMatch(/containerd-shim-runsc-v1/);

      await hidden.restore();
      const again = await startPod(kube, namespace, probePod({ name: 'shim-back', runtime: 'runsc', args: ['identity'], node }), cleanup);
      await waitForPod(kube, namespace, 'shim-back', 'Finished', envScaled(probeFinishMs));
      const c = await classifyRun(kube, namespace, 'shim-back');
      expect(c.status, c.reason).toBe('succeeded');
      expect(c.result?.identity.gvisor).toBe(true);
      log.note(`runsc on ${node} again ${Math.round(again.startMs)} ms after the shim was put back`);
    });
  });
});
