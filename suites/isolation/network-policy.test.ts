import { randomBytes } from 'node:crypto';
import { describe, expect } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import { test } from '../../fixtures/test-fixtures.js';
import { toolsImage } from '../../lib/images.js';
import { createNamespace } from '../../lib/kube/namespace.js';
import { egressClientScript, egressProbeIntervalMs, judgeEnforcement, parseEgressLines, reachableBefore, type EnforcementVerdict } from '../../lib/network-policy/egress-watch.js';
import { platformServices, platformServicesLabel, tenantPolicy } from '../../lib/network-policy/tenant-policy.js';
import { probePod } from '../../lib/probe/pod-spec.js';
import { runtimes } from '../../lib/runtimes.js';
import { envScaled, networkPolicyEnforceMs, podStartMs } from '../../lib/timeouts.js';
import { waitForPod } from '../../lib/wait.js';

// The seeds' failure: a tenant NetworkPolicy that the CNI silently did not enforce. A tenant
// pod under each runtime reaches a canary pod and a platform service; then the shipped sample
// policy (deploy/tenant-network-policy.yaml) is applied. The canary must stop answering within
// the enforcement budget, while DNS through kube-dns and the named service keep working.

const serviceName = 'results-storage';
const servicePort = platformServices[serviceName];
const victimPort = 8080;
const dnsName = 'kubernetes.default.svc.cluster.local';

/** A canary server (the probe's serve-canary) with the token from a Secret; runc, any worker. */
function canaryServer(name: string, port: number, labels: Record<string, string>): V1Pod {
  return probePod({
    name,
    runtime: 'runc',
    labels,
    args: ['serve-canary', '--token-file', '/canary/token', '--port', String(port)],
    container: {
      volumeMounts: [{ name: 'canary', mountPath: '/canary', readOnly: true }],
      readinessProbe: { httpGet: { path: '/healthz', port }, periodSeconds: 1 },
    },
    spec: { volumes: [{ name: 'canary', secret: { secretName: 'egress-canary' } }] },
  });
}

describe.each(runtimes)('tenant egress policy under %s', (runtime) => {
  test(`stops a ${runtime} tenant pod's connection to a canary pod once the tenant policy is applied, and keeps DNS and the named platform service`, async ({ kube, namespace, cleanup, runId, suite }) => {
    // The platform side: a namespace labelled as the sample's platform services, a service stand-in and a canary victim.
    const platform = await createNamespace(kube, cleanup, { runId, suite: `${suite}-platform`, labels: { [platformServicesLabel]: 'true' } });
    const token = randomBytes(16).toString('hex');
    await kube.core.createNamespacedSecret({ namespace: platform, body: { metadata: { name: 'egress-canary' }, stringData: { token } } });
    await kube.core.createNamespacedPod({ namespace: platform, body: canaryServer('victim', victimPort, { 'app.kubernetes.io/name': 'egress-victim' }) });
    await kube.core.createNamespacedPod({ namespace: platform, body: canaryServer(serviceName, servicePort, { 'app.kubernetes.io/name': serviceName }) });
    const victim = await waitForPod(kube, platform, 'victim', 'Ready', envScaled(podStartMs));
    const service = await waitForPod(kube, platform, serviceName, 'Ready', envScaled(podStartMs));

    // The tenant: a pod under the runtime watching its own egress.
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
    await kube.core.createNamespacedPod({ namespace, body: client });
    cleanup.register(`delete pod ${namespace}/tenant-client`, () => kube.core.deleteNamespacedPod({ namespace, name: 'tenant-client', gracePeriodSeconds: 0 }));
    await waitForPod(kube, namespace, 'tenant-client', 'Running', envScaled(podStartMs));
    const lines = async () => parseEgressLines(await kube.core.readNamespacedPodLog({ namespace, name: 'tenant-client' }));

    // Control: without a policy everything answers, so a block afterwards is the policy's doing.
    const controlDeadline = Date.now() + envScaled(podStartMs);
    while (!reachableBefore(await lines(), Date.now()) && Date.now() < controlDeadline) await new Promise((r) => setTimeout(r, egressProbeIntervalMs * 2));
    const before = await lines();
    expect(reachableBefore(before, Date.now()), `without a policy the tenant pod reaches the canary, the service and DNS; last tries: ${JSON.stringify(before.slice(-3))}`).toBe(true);

    const policy = tenantPolicy();
    const appliedAt = Date.now();
    await kube.networking.createNamespacedNetworkPolicy({ namespace, body: policy });
    // Deleted with the namespace; deleting it first would briefly reopen the tenant's egress.
    const budget = envScaled(networkPolicyEnforceMs);
    let verdict: EnforcementVerdict = judgeEnforcement(await lines(), appliedAt);
    while (verdict.kind !== 'enforced' && Date.now() - appliedAt < budget) {
      await new Promise((r) => setTimeout(r, egressProbeIntervalMs * 2));
      verdict = judgeEnforcement(await lines(), appliedAt);
    }
    console.log(`[network-policy] ${runtime}: ${verdict.detail}`);
    expect(verdict.kind, `the canary must stop answering within ${budget} ms of the tenant policy (NetworkPolicy not enforced?): ${verdict.detail}`).toBe('enforced');
    if (verdict.kind === 'enforced') expect(verdict.allowedKept, `DNS through kube-dns and ${serviceName}:${servicePort} still answer under the policy: ${verdict.detail}`).toBe(true);
  });
});
