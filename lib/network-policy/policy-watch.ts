/**
 * One policy's enforcement watched from a pod it governs: the client pod (egress-watch.ts's
 * script) records its egress; once everything answers (the control), the policy is applied and
 * the record is judged until the victim is stopped or the enforcement budget is spent. Shared by
 * the tenant-egress trial and the escape matrix's hardened namespace.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { CleanupStack } from '../kube/cleanup.js';
import type { Kube } from '../kube/client.js';
import { envScaled, networkPolicyEnforceMs, podStartMs } from '../timeouts.js';
import { waitForPod } from '../wait.js';
import { egressProbeIntervalMs, judgeEnforcement, parseEgressLines, reachableBefore, type EgressLine, type EnforcementVerdict } from './egress-watch.js';

export interface PolicyWatchOptions {
  kube: Kube;
  cleanup: CleanupStack;
  namespace: string;
  /** The client pod running egressClientScript(); created here, its deletion registered. */
  client: V1Pod;
  /** Applies the policy; called only once the control held (everything answered before it). */
  apply: () => Promise<unknown>;
}

export interface PolicyWatch {
  /** Everything answered before the policy: the control that makes a block meaningful. When false, the policy was not applied. */
  reachable: boolean;
  before: EgressLine[];
  verdict: EnforcementVerdict;
  budgetMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function watchPolicyTakeHold(o: PolicyWatchOptions): Promise<PolicyWatch> {
  const { kube, namespace } = o;
  const name = o.client.metadata?.name ?? '';
  await kube.core.createNamespacedPod({ namespace, body: o.client });
  o.cleanup.register(`delete pod ${namespace}/${name}`, () => kube.core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 }));
  await waitForPod(kube, namespace, name, 'Running', envScaled(podStartMs));
  const lines = async (): Promise<EgressLine[]> => parseEgressLines(await kube.core.readNamespacedPodLog({ namespace, name }));

  const controlDeadline = Date.now() + envScaled(podStartMs);
  while (!reachableBefore(await lines(), Date.now()) && Date.now() < controlDeadline) await sleep(egressProbeIntervalMs * 2);
  const before = await lines();
  const budgetMs = envScaled(networkPolicyEnforceMs);
  if (!reachableBefore(before, Date.now())) {
    return { reachable: false, before, verdict: { kind: 'not-yet', detail: `before the policy the client did not reach everything it tries: ${JSON.stringify(before.slice(-3))}` }, budgetMs };
  }

  const appliedAt = Date.now();
  await o.apply();
  let verdict = judgeEnforcement(await lines(), appliedAt);
  while (verdict.kind !== 'enforced' && Date.now() - appliedAt < budgetMs) {
    await sleep(egressProbeIntervalMs * 2);
    verdict = judgeEnforcement(await lines(), appliedAt);
  }
  return { reachable: true, before, verdict, budgetMs };
}
