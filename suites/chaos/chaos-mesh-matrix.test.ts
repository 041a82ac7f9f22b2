import { describe } from 'vitest';
import { test, expect } from './chaos-test.js';
import { applyChaos, deleteChaos, describeChaos, waitForInjection } from '../../lib/chaos-mesh/apply.js';
import { evidenceOf, targetCommand, type EvidenceTarget } from '../../lib/chaos-mesh/evidence.js';
import { BaselineError, type Judged } from '../../lib/chaos-mesh/judge-evidence.js';
import { ciFaults, expectedOutcome, loadExpectedMatrix, outcomeOf, runscOutcome, type Attempt } from '../../lib/chaos-mesh/matrix.js';
import { chaosMeshPresence, restartDaemonOn } from '../../lib/chaos-mesh/presence.js';
import { faultNames, renderFault, type FaultName } from '../../lib/chaos-mesh/templates.js';
import { chaosPeerPod, chaosTargetPod } from '../../lib/chaos-mesh/target-pod.js';
import { createPod } from '../../lib/chaos/probe-runs.js';
import { gvisorWorkers } from '../../lib/chaos/targets.js';
import {
  chaosMeshEffectMs,
  chaosMeshEvidenceMs,
  chaosMeshFaultDurationS,
  chaosMeshInjectMs,
  chaosMeshNeverInjectedRecoverMs,
  chaosMeshPodReadyMs,
  chaosMeshRecoverMs,
} from '../../lib/chaos/timeouts.js';
import { readVersions } from '../../lib/cluster/settings.js';
import { imageRepository } from '../../lib/cluster/kubeadm-config.js';
import { InfrastructureError } from '../../lib/errors.js';
import { gauntletLabels } from '../../lib/kube/labels.js';
import type { Kube } from '../../lib/kube/client.js';
import { isCi } from '../../lib/load/profile.js';
import { targetsEmbeddedCluster } from '../../lib/node-access/target.js';
import { recordChaosMeshCell } from '../../lib/report/record.js';
import { runtimes, type Runtime } from '../../lib/runtimes.js';
import { envScaled } from '../../lib/timeouts.js';
import { waitForPod } from '../../lib/wait.js';
import type { CleanupStack } from '../../lib/kube/cleanup.js';

// Issue 18 §3: which Chaos Mesh faults land on a gVisor pod. Each fault goes to a runc and a
// runsc target at once; Chaos Mesh's own status says whether it injected, and the harness's
// evidence says whether anything happened. On the embedded cluster the outcome must equal
// fixtures/chaos-mesh/gvisor-matrix.yaml (the documented matrix); elsewhere the runc control
// must show the fault, or the runsc cell proves nothing.

const matrix = loadExpectedMatrix();
/** GAUNTLET_CHAOS_MESH_FAULTS=a,b narrows the list; the CI profile runs ciFaults. */
const chosen = (): readonly FaultName[] => {
  const asked = process.env.GAUNTLET_CHAOS_MESH_FAULTS?.split(',').map((s) => s.trim()).filter(Boolean);
  if (asked && asked.length > 0) return faultNames.filter((f) => asked.includes(f));
  return isCi() ? ciFaults : faultNames;
};
const networkFaults: readonly FaultName[] = ['network-delay', 'network-loss', 'network-partition'];
const claim = (f: FaultName): string => `${matrix[f]?.runc ?? '?'} against runc and ${matrix[f]?.runsc ?? '?'} against runsc`;

interface Tried {
  runtime: Runtime;
  /** The chaos resource's kind, from the filled template. */
  kind: string;
  attempt: Attempt;
  chaosMesh: string;
  injectMs: number;
  forcedCleanup?: string;
}

async function tryFault(kube: Kube, daemonNamespace: string, namespace: string, fault: FaultName, runtime: Runtime, node: string, target: EvidenceTarget, labels: Record<string, string>, cleanup: CleanupStack): Promise<Tried> {
  const ev = evidenceOf(fault);
  let baseline: unknown;
  try {
    baseline = await ev.baseline(target);
  } catch (err) {
    if (err instanceof BaselineError) throw new InfrastructureError(`${fault} against ${runtime}: the evidence cannot be read before the fault: ${err.message}`, undefined, { cause: err });
    throw err;
  }
  const resource = renderFault(fault, { NAME: `${fault}-${runtime}`, NAMESPACE: namespace, TARGET_POD: target.pod, DURATION: `${chaosMeshFaultDurationS}s`, ...(target.peerIp ? { PEER_IP: target.peerIp } : {}) }, labels);
  await applyChaos(kube, resource);
  let forced: string | undefined;
  let deleted = false;
  let injected = false;
  const remove = async (): Promise<void> => {
    if (deleted) return;
    deleted = true;
    // A fault that never injected has nothing to recover, and Chaos Mesh may retry that forever.
    forced = await deleteChaos(kube, resource, envScaled(injected ? chaosMeshRecoverMs : chaosMeshNeverInjectedRecoverMs));
  };
  cleanup.register(`delete ${describeChaos(resource)}`, remove);
  const injection = await waitForInjection(kube, resource, envScaled(chaosMeshInjectMs));
  injected = injection.injected;
  const evidence: Judged | undefined = injection.injected ? await ev.during(target, baseline) : undefined;
  await remove();
  // A daemon that never answered is still inside its call into the target (seen: TimeChaos
  // ptrace-stopping a runsc Sentry, which stays a zombie); it is released only by its restart.
  if (!injection.injected && injection.timedOut) {
    forced = [forced, await restartDaemonOn(kube, daemonNamespace, node, envScaled(chaosMeshRecoverMs))].filter(Boolean).join('; ');
  }
  return {
    runtime,
    kind: resource.kind,
    attempt: { injection, ...(evidence ? { evidence } : {}) },
    chaosMesh: injection.injected ? 'AllInjected' : injection.message,
    injectMs: injection.elapsedMs,
    ...(forced ? { forcedCleanup: forced } : {}),
  };
}

describe('Chaos Mesh against runc and runsc pods', () => {
  for (const fault of chosen()) test(`${fault}: ${claim(fault)} on the embedded cluster, as fixtures/chaos-mesh/gvisor-matrix.yaml says`, async ({ kube, namespace, cleanup, runId, suite, skip }) => {
    const presence = await chaosMeshPresence(kube);
    if (!presence.installed) return skip(presence.reason);
    const labels = gauntletLabels(runId, suite);
    const [first = '', second = first] = await gvisorWorkers(kube);
    const nodeOf: Record<Runtime, string> = { runc: first, runsc: second };

    let peerIp: string | undefined;
    if (networkFaults.includes(fault)) {
      await createPod(kube, namespace, chaosPeerPod('peer', first, labels), cleanup);
      peerIp = (await waitForPod(kube, namespace, 'peer', 'Ready', envScaled(chaosMeshPodReadyMs))).value.status?.podIP;
    }
    for (const r of runtimes) await createPod(kube, namespace, chaosTargetPod(`target-${r}`, r, nodeOf[r], labels, targetCommand(fault)), cleanup);
    for (const r of runtimes) await waitForPod(kube, namespace, `target-${r}`, 'Ready', envScaled(chaosMeshPodReadyMs));

    const embedded = await targetsEmbeddedCluster(kube);
    // The embedded install's POD_FAILURE_PAUSE_IMAGE (lib/chaos-mesh/install.ts); elsewhere any other image counts.
    const pauseImage = `${imageRepository}/pause:${readVersions().PAUSE_VERSION ?? ''}`;
    const targetOf = (r: Runtime): EvidenceTarget => ({
      kube,
      namespace,
      pod: `target-${r}`,
      ...(peerIp ? { peerIp } : {}),
      ...(embedded ? { pauseImage } : {}),
      readingMs: envScaled(chaosMeshEvidenceMs),
      effectMs: envScaled(chaosMeshEffectMs),
    });
    // One runtime after the other: a daemon call that hangs on one target (TimeChaos on a runsc
    // Sentry) blocks the controller's worker for that kind, and with it the other's status.
    const tried: Tried[] = [];
    for (const r of runtimes) tried.push(await tryFault(kube, presence.namespace, namespace, fault, r, nodeOf[r], targetOf(r), labels, cleanup));

    const runc = tried.find((t) => t.runtime === 'runc');
    const runsc = tried.find((t) => t.runtime === 'runsc');
    if (!runc || !runsc) throw new Error('both runtimes were tried');
    const outcomes: Record<Runtime, ReturnType<typeof outcomeOf>> = { runc: outcomeOf(runc.attempt), runsc: runscOutcome(outcomeOf(runc.attempt), outcomeOf(runsc.attempt)) };
    for (const t of tried) {
      const evidence = t.attempt.evidence?.detail ?? 'not looked for: Chaos Mesh did not inject';
      console.log(`[chaos-mesh ${fault} ${t.runtime}] ${outcomes[t.runtime]}: ${evidence}; Chaos Mesh: ${t.chaosMesh}${t.forcedCleanup ? `; cleanup: ${t.forcedCleanup}` : ''}`);
      recordChaosMeshCell({
        fault,
        kind: t.kind,
        runtime: t.runtime,
        outcome: outcomes[t.runtime],
        chaosMesh: t.chaosMesh,
        evidence,
        injectMs: Math.round(t.injectMs),
        ...(t.forcedCleanup ? { forcedCleanup: t.forcedCleanup } : {}),
        version: presence.version,
      });
    }
    const describeCell = (r: Runtime): string => `${outcomes[r]} (${tried.find((t) => t.runtime === r)?.attempt.evidence?.detail ?? tried.find((t) => t.runtime === r)?.chaosMesh})`;
    if (embedded) {
      for (const r of runtimes) expect(outcomes[r], `${fault} against ${r}: the matrix says ${expectedOutcome(matrix, fault, r)}; this run saw ${describeCell(r)}`).toBe(expectedOutcome(matrix, fault, r));
    } else {
      // A complete Chaos Mesh has every helper: a runc control that does not show the fault is a broken install or broken evidence.
      expect(outcomes.runc, `${fault} against runc (the control): ${describeCell('runc')}`).toBe('works');
    }
  });
});
