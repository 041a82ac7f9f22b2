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
import { egressClientScript } from '../network-policy/egress-watch.js';
import { watchPolicyTakeHold, type PolicyWatch } from '../network-policy/policy-watch.js';
import { hardenedSecurityContext, probePod } from '../probe/pod-spec.js';

const watcherName = 'egress-watcher';
const dnsName = 'kubernetes.default.svc.cluster.local';

export interface HardenedPolicyProof extends Omit<PolicyWatch, 'reachable' | 'before'> {
  /** The watcher reached the victim and DNS before the policy: without it a later block proves nothing. */
  reachableBefore: boolean;
  target: string;
}

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
  const client = probePod({
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
  const apply = (): Promise<void> => denyEgressExceptDns(kube, o.cleanup, namespace, o.labels);
  try {
    const watch = await watchPolicyTakeHold({ kube, cleanup: o.cleanup, namespace, client, apply });
    // The hardened pods must never run without the policy, even when the control failed.
    if (!watch.reachable) await apply();
    return { reachableBefore: watch.reachable, verdict: watch.verdict, budgetMs: watch.budgetMs, target };
  } finally {
    await kube.core.deleteNamespacedPod({ namespace, name: watcherName, gracePeriodSeconds: 0 }).catch(() => undefined); // the cleanup stack retries it
  }
}
