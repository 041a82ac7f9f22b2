import { describe } from 'vitest';
import { test, expect } from './chaos-test.js';
import { sampleChaosResources } from '../../fixtures/chaos-mesh/samples.js';
import { applyChaos, chaosMeshModuleVersion, countChaos, installCrds, loadChaosMeshCrds, podChaos, presentCrds, removeCrds } from '../../lib/chaos/chaos-mesh.js';
import { describeKubeError } from '../../lib/kube/client.js';
import { gauntletLabels } from '../../lib/kube/labels.js';
import { apiCallMs, envScaled } from '../../lib/timeouts.js';

// The Chaos Mesh resources the harness writes must be accepted by the API server of a cluster
// that runs Chaos Mesh. Without one, the CRDs of the pinned version are installed for the
// test, every resource is created with dryRun=All (validated, admitted, never stored), and
// the CRDs are removed again.

describe('Chaos Mesh resources', () => {
  test(`are accepted by a server-side dry-run against the CRDs of chaos-mesh ${chaosMeshModuleVersion}, and a wrong one is refused`, async ({ kube, namespace, cleanup, runId, suite }) => {
    const crds = loadChaosMeshCrds();
    const present = await presentCrds(kube, crds);
    if (present.length === 0) {
      const names = crds.map((c) => c.metadata?.name ?? '');
      cleanup.register('remove the temporary Chaos Mesh CRDs', () => removeCrds(kube, names, envScaled(apiCallMs)));
      await installCrds(kube, crds, gauntletLabels(runId, suite), envScaled(apiCallMs));
    } else {
      expect(present.length, `the cluster has only some of the CRDs (${present.join(', ')})`).toBe(crds.length);
    }

    const resources = sampleChaosResources(namespace);
    for (const r of resources) {
      await expect(applyChaos(kube, r, { dryRun: true }).catch((e: unknown) => Promise.reject(new Error(describeKubeError(e)))), `${r.kind} ${r.metadata.name}`).resolves.toBeUndefined();
    }
    const wrong = podChaos({ name: 'wrong', namespace, action: 'pod-kill', selector: {} });
    wrong.spec.action = 'pod-explode';
    const refused = await applyChaos(kube, wrong, { dryRun: true }).then(() => 'accepted', (e: unknown) => describeKubeError(e));
    expect(refused).toMatch(/pod-explode|Unsupported value/);
    for (const kind of new Set(resources.map((r) => r.kind))) expect(await countChaos(kube, namespace, kind), `${kind} stored by a dry-run`).toBe(0);
  });
});
