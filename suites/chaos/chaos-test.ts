/**
 * The chaos suite's test: the shared fixtures plus `faults` (the composed fault injector of
 * lib/chaos/injectors.ts) and `agents` (node agents, for root commands on a node). Agents
 * live in the test's namespace and are removed by the cleanup stack, after the test's own
 * cleanup steps (which may need them, e.g. to put a hidden shim back).
 */
import { test as base } from '../../fixtures/test-fixtures.js';
import { buildInjectors, type ChaosInjectors } from '../../lib/chaos/injectors.js';
import { gauntletLabels } from '../../lib/kube/labels.js';

export const test = base.extend<{ chaos: ChaosInjectors }>({
  chaos: async ({ kube, namespace, cleanup, runId, suite }, use) => {
    const chaos = await buildInjectors(kube, namespace, gauntletLabels(runId, suite));
    cleanup.register('release fault injectors (node agents, chaos resources)', () => chaos.faults.close());
    await use(chaos);
  },
});

export { expect } from '../../fixtures/test-fixtures.js';
