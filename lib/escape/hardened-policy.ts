/**
 * The hardened namespace's egress policy, proven in effect before any hardened pod runs (the
 * seeds' Phase 2 and 5: verify enforcement, do not race its programming). Two-sided: a watcher
 * pod in the namespace reaches the canary victim and DNS before the policy; after it, the victim
 * must stop answering while DNS keeps working, within the named budget. The time from policy
 * create to enforcement is a NetworkPolicy trial like the tenant suite's.
 */
import { denyEgressExceptDns } from '../canary/cluster-canaries.js';
import { toolsImage } from '../images.js';
import type { CleanupStack } from '../kube/cleanup.js';
import type { Kube } from '../kube/client.js';
import { egressClientScript, egressProbeIntervalMs, judgeEnforcement, parseEgressLines, reachableBefore, type EgressLine, type EnforcementVerdict } from '../network-policy/egress-watch.js';
import { hardenedSecurityContext, probePod } from '../probe/pod-spec.js';
import { envScaled, networkPolicyEnforceMs, podStartMs } from '../timeouts.js';
import { waitForPod } from '../wait.js';

const watcherName = 'egress-watcher';
const dnsName = 'kubernetes.default.svc.cluster.local';

export interface HardenedPolicyProof {
  /** The watcher reached the victim and DNS before the policy: without it a later block proves nothing. */
  reachableBefore: boolean;
  verdict: EnforcementVerdict;
  budgetMs: number;
  target: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface HardenedPolicyOptions {
  kube: Kube;
  cleanup: CleanupStack;
  namespace: string;
  node: string;
  labels: Record<string, string>;
  victim: { ip: string; port: number; token: string };
}

/** Applies deny-egress-except-DNS to the hardened namespace and waits, two-sided, until it is in effect. The watcher is deleted again. */
export async function applyAndProveHardenedPolicy(o: HardenedPolicyOptions): Promise<HardenedPolicyProof> {
  const { kube, namespace } = o;
  const target = `the canary victim pod (${o.victim.ip}:${o.victim.port}, another namespace)`;
  const pod = probePod({
    name: watcherName,
    runtime: 'runc',
    node: o.node,
    args: [],
    image: toolsImage(),
    labels: o.labels,
    securityContext: hardenedSecurityContext,
    env: { CANARY_TOKEN: o.victim.token, VICTIM_IP: o.victim.ip, VICTIM_PORT: String(o.victim.port), SERVICE_IP: '', SERVICE_PORT: '', DNS_NAME: dnsName },
    container: { command: ['bash', '-c', egressClientScript()] },
  });
  await kube.core.createNamespacedPod({ namespace, body: pod });
  const remove = (): Promise<unknown> => kube.core.deleteNamespacedPod({ namespace, name: watcherName, gracePeriodSeconds: 0 });
  o.cleanup.register(`delete pod ${namespace}/${watcherName}`, remove);
  try {
    await waitForPod(kube, namespace, watcherName, 'Running', envScaled(podStartMs));
    const lines = async (): Promise<EgressLine[]> => parseEgressLines(await kube.core.readNamespacedPodLog({ namespace, name: watcherName }));
    const controlDeadline = Date.now() + envScaled(podStartMs);
    while (!reachableBefore(await lines(), Date.now()) && Date.now() < controlDeadline) await sleep(egressProbeIntervalMs * 2);
    const budgetMs = envScaled(networkPolicyEnforceMs);
    const before = await lines();
    const appliedAt = Date.now();
    // Applied even when the control failed: the hardened pods must never run without it.
    await denyEgressExceptDns(kube, o.cleanup, namespace, o.labels);
    if (!reachableBefore(before, appliedAt)) {
      return { reachableBefore: false, verdict: { kind: 'not-yet', detail: `before the policy the watcher did not reach the victim and DNS: ${JSON.stringify(before.slice(-3))}` }, budgetMs, target };
    }
    let verdict = judgeEnforcement(await lines(), appliedAt);
    while (verdict.kind !== 'enforced' && Date.now() - appliedAt < budgetMs) {
      await sleep(egressProbeIntervalMs * 2);
      verdict = judgeEnforcement(await lines(), appliedAt);
    }
    return { reachableBefore: true, verdict, budgetMs, target };
  } finally {
    await remove().catch(() => undefined); // the cleanup stack retries it
  }
}
