import { describe, expect } from 'vitest';
import { test } from '../../fixtures/test-fixtures.js';
import { runTenantEgressTrial, serviceName, servicePort } from '../../lib/network-policy/tenant-egress-run.js';
import { recordNetworkPolicy } from '../../lib/report/record.js';
import { runtimes } from '../../lib/runtimes.js';

// The seeds' failure: a tenant NetworkPolicy that the CNI silently did not enforce. A tenant
// pod under each runtime reaches a canary pod and a platform service; then the shipped sample
// policy (deploy/tenant-network-policy.yaml) is applied. The canary must stop answering within
// the enforcement budget, while DNS through kube-dns and the named service keep working.
describe.each(runtimes)('tenant egress policy under %s', (runtime) => {
  test(`stops a ${runtime} tenant pod's connection to a canary pod once the tenant policy is applied, and keeps DNS and the named platform service`, async ({ kube, namespace, cleanup, runId, suite }) => {
    const trial = await runTenantEgressTrial({ kube, cleanup, runId, suite, runtime, namespace });
    const { verdict } = trial;
    recordNetworkPolicy({
      runtime,
      reachableBefore: trial.reachable,
      enforced: verdict.kind === 'enforced',
      ...(verdict.kind === 'enforced' ? { enforceMs: verdict.afterMs } : {}),
      allowedKept: verdict.kind === 'enforced' && verdict.allowedKept,
      target: trial.target,
      detail: verdict.detail,
    });
    expect(trial.reachable, `without a policy the tenant pod reaches the canary, the service and DNS; last tries: ${JSON.stringify(trial.before.slice(-3))}`).toBe(true);
    console.log(`[network-policy] ${runtime}: ${verdict.detail}`);
    expect(verdict.kind, `the canary must stop answering within ${trial.budgetMs} ms of the tenant policy (NetworkPolicy not enforced?): ${verdict.detail}`).toBe('enforced');
    if (verdict.kind === 'enforced') expect(verdict.allowedKept, `DNS through kube-dns and ${serviceName}:${servicePort} still answer under the policy: ${verdict.detail}`).toBe(true);
  });
});
