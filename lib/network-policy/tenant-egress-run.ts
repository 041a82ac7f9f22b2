/**
 * One tenant-egress trial: a platform namespace (labelled as the sample policy's platform
 * services) with a canary victim and a result-storage stand-in; a tenant pod under the
 * runtime recording its egress; the sample policy applied; the record judged. Shared by the
 * isolation suite (which asserts) and scripts/bench-network-policy.ts (which repeats it).
 */
import { randomBytes } from 'node:crypto';
import { canaryServerPod } from '../canary/cluster-canaries.js';
import { toolsImage } from '../images.js';
import type { CleanupStack } from '../kube/cleanup.js';
import type { Kube } from '../kube/client.js';
import { createNamespace } from '../kube/namespace.js';
import { probePod } from '../probe/pod-spec.js';
import type { Runtime } from '../runtimes.js';
import { envScaled, podStartMs } from '../timeouts.js';
import { waitForPod } from '../wait.js';
import { egressClientScript } from './egress-watch.js';
import { watchPolicyTakeHold, type PolicyWatch } from './policy-watch.js';
import { platformServices, platformServicesLabel, tenantPolicy } from './tenant-policy.js';

export const serviceName = 'results-storage';
export const servicePort = platformServices[serviceName];
const victimPort = 8080;
const dnsName = 'kubernetes.default.svc.cluster.local';

const canarySecret = 'egress-canary';

export interface TenantEgressOptions {
  kube: Kube;
  cleanup: CleanupStack;
  runId: string;
  suite: string;
  runtime: Runtime;
  /** The tenant namespace (the test's own). */
  namespace: string;
}

export interface TenantEgressTrial extends PolicyWatch {
  /** The connection the policy must stop: the canary victim pod. */
  target: string;
}

export async function runTenantEgressTrial(o: TenantEgressOptions): Promise<TenantEgressTrial> {
  const { kube, cleanup, namespace, runtime } = o;
  const platform = await createNamespace(kube, cleanup, { runId: o.runId, suite: `${o.suite}-platform`, labels: { [platformServicesLabel]: 'true' } });
  const token = randomBytes(16).toString('hex');
  await kube.core.createNamespacedSecret({ namespace: platform, body: { metadata: { name: canarySecret }, stringData: { token } } });
  await kube.core.createNamespacedPod({ namespace: platform, body: canaryServerPod({ name: 'victim', port: victimPort, labels: { 'app.kubernetes.io/name': 'egress-victim' }, secretName: canarySecret }) });
  await kube.core.createNamespacedPod({ namespace: platform, body: canaryServerPod({ name: serviceName, port: servicePort, labels: { 'app.kubernetes.io/name': serviceName }, secretName: canarySecret }) });
  const victim = await waitForPod(kube, platform, 'victim', 'Ready', envScaled(podStartMs));
  const service = await waitForPod(kube, platform, serviceName, 'Ready', envScaled(podStartMs));

  const client = probePod({
    name: 'tenant-client',
    runtime,
    args: [],
    image: toolsImage(),
    env: {
      CANARY_TOKEN: token,
      VICTIM_IP: victim.value.status?.podIP ?? '',
      VICTIM_PORT: String(victimPort),
      SERVICE_IP: service.value.status?.podIP ?? '',
      SERVICE_PORT: String(servicePort),
      DNS_NAME: dnsName,
    },
    container: { command: ['bash', '-c', egressClientScript()] },
  });
  const target = `a pod in another namespace (${platform}/victim ${victim.value.status?.podIP ?? '?'}:${victimPort})`;
  // Deleted with the namespace: deleting it first would reopen the tenant's egress for a moment.
  const watch = await watchPolicyTakeHold({ kube, cleanup, namespace, client, apply: () => kube.networking.createNamespacedNetworkPolicy({ namespace, body: tenantPolicy() }) });
  return { ...watch, target };
}
