import { describe } from 'vitest';
import { test, expect } from './chaos-test.js';
import { scenario } from './scenario-record.js';
import { containerdStartStamp } from '../../lib/chaos/in-node-faults.js';
import { classifyRun, deletePodAndWait, restartsOf, runningRunscPodsOn, startPod } from '../../lib/chaos/probe-runs.js';
import { describeCensus, takeRuntimeCensus, type RuntimeCensus } from '../../lib/chaos/runtime-census.js';
import { budgetNow, judgeStart } from '../../lib/chaos/start-budget.js';
import { gvisorWorkers } from '../../lib/chaos/targets.js';
import { pollSource } from '../../lib/chaos/poll-source.js';
import { sandboxReapMs } from '../../lib/chaos/timeouts.js';
import { probePod } from '../../lib/probe/pod-spec.js';
import { resilienceFigureNames } from '../../lib/report/gate-schema.js';
import { runtimes } from '../../lib/runtimes.js';
import { envScaled, podStartMs, probeFinishMs } from '../../lib/timeouts.js';
import { waitFor, waitForPod } from '../../lib/wait.js';

// containerd's own restart test holds that sandbox and container state survive a restart;
// runsc sandboxes are held to the same invariant, and to leaving no process behind.

/** Probe runs in flight across the restart; they sleep long enough to still run when containerd comes back. */
const inFlight = 3;
const inFlightSleepS = 30;
/** runc starts on the node before the fault, the baseline of the load-aware budget. */
const baselineStarts = 3;
/** New pods after the recovery pod, each judged against the budget. */
const afterStarts = 2;

describe.each(runtimes)('containerd restart under %s', (runtime) => {
  test(`keeps ${runtime} sandboxes running with zero restarts, delivers in-flight results, leaves no orphans and starts new pods within budget`, async ({ kube, namespace, cleanup, chaos }) => {
    await scenario('containerd-restart', runtime, async (log) => {
      const [node = ''] = await gvisorWorkers(kube);
      const shell = chaos.agents.shell;
      await chaos.agents.agent(node); // started before the fault, so its own start is not in any figure
      const census = async (): Promise<RuntimeCensus> => takeRuntimeCensus(shell, node, await runningRunscPodsOn(kube, node));

      // Before: the runc baseline on this node, then the in-flight runs.
      const baseline: number[] = [];
      for (let i = 0; i < baselineStarts; i++) {
        const s = await startPod(kube, namespace, probePod({ name: `baseline-${i}`, runtime: 'runc', args: ['start'], node }), cleanup);
        baseline.push(s.startMs);
        await deletePodAndWait(kube, namespace, `baseline-${i}`, envScaled(podStartMs));
      }
      const names = Array.from({ length: inFlight }, (_, i) => `in-flight-${i}`);
      for (const name of names) await startPod(kube, namespace, probePod({ name, runtime, args: ['sleep', String(inFlightSleepS)], node }), cleanup);
      const before = await census();
      if (runtime === 'runsc') expect(before.sandboxPods.length, describeCensus(before)).toBeGreaterThanOrEqual(inFlight);
      const stampBefore = await containerdStartStamp(shell, node);

      // The fault.
      const fault = await chaos.faults.restartContainerd(node);
      log.note(`${fault.injector}: ${fault.detail ?? ''}`);
      expect(await containerdStartStamp(shell, node), 'containerd really restarted').not.toBe(stampBefore);

      // During: the first new pod after the restart (the recovery figure), the running sandboxes.
      const recovery = await startPod(kube, namespace, probePod({ name: 'recovery', runtime, args: ['hold'], node }), cleanup);
      log.figure(resilienceFigureNames.containerdRecovery, recovery.runningAt - fault.at);
      const during = await census();
      for (const name of names) {
        const pod = await waitForPod(kube, namespace, name, 'Running', envScaled(podStartMs));
        expect(pod.value.status?.phase, `${name} still running after the restart`).toBe('Running');
        expect(restartsOf(pod.value), `${name} restarts`).toBe(0);
        if (runtime === 'runsc') {
          const uid = pod.value.metadata?.uid ?? '';
          const pids = (c: RuntimeCensus): number[] => c.processes.filter((p) => p.role === 'sandbox' && p.podUid === uid).map((p) => p.pid);
          expect(pids(during), `${name}: the same runsc-sandbox process before and after (${describeCensus(during)})`).toEqual(pids(before));
          expect(pids(during).length).toBe(1);
        }
      }
      expect(during.orphans, describeCensus(during)).toEqual([]);
      expect(during.podsWithoutSandbox, describeCensus(during)).toEqual([]);

      // After: new pods within the load-aware budget.
      for (let i = 0; i < afterStarts; i++) {
        const b = await budgetNow(kube, baseline);
        const s = await startPod(kube, namespace, probePod({ name: `after-${i}`, runtime, args: ['start'], node }), cleanup);
        const judged = judgeStart(s.startMs, b);
        log.note(`new ${runtime} pod after the restart: ${judged.summary}`);
        expect(judged.verdict, judged.summary).not.toBe('fail');
      }

      // In-flight results arrive, classified by the status model.
      for (const name of names) {
        await waitForPod(kube, namespace, name, 'Finished', envScaled(probeFinishMs));
        const c = await classifyRun(kube, namespace, name);
        if (c.status !== 'succeeded') log.lost(1);
        expect(c.status, `${name}: ${c.reason}`).toBe('succeeded');
        expect(c.result?.identity.gvisor, `${name} ran under ${runtime}`).toBe(runtime === 'runsc');
        expect(restartsOf(c.pod)).toBe(0);
      }

      // Nothing left behind once our pods are gone.
      for (const name of [...names, 'recovery', ...Array.from({ length: afterStarts }, (_, i) => `after-${i}`)]) {
        await deletePodAndWait(kube, namespace, name, envScaled(podStartMs));
      }
      const ours = new Set([...before.sandboxPods, ...during.sandboxPods]);
      const settled = await waitFor<RuntimeCensus, RuntimeCensus>({
        what: `no runsc process of this test's pods left on ${node}`,
        source: pollSource(census),
        until: (c) => {
          const left = (c?.processes ?? []).filter((p) => p.podUid === undefined || ours.has(p.podUid));
          return c && left.length === 0 && c.orphans.length === 0 ? { done: true, value: c } : { done: false, state: c ? describeCensus(c) : 'no census' };
        },
        timeoutMs: envScaled(sandboxReapMs),
      });
      log.note(`after the pods were deleted: ${describeCensus(settled.value)}`);
    });
  });
});
