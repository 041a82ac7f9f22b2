/**
 * The sweeper against the real API: it removes a killed run's namespace, binding and
 * RuntimeClass, and leaves alone what carries the harness's managed-by label but no run id
 * (an installation, like the embedded cluster's gVisor RuntimeClass and gauntlet-system) and
 * what belongs to the current run.
 */
import { describe } from 'vitest';
import { expect, test } from '../../fixtures/test-fixtures.js';
import { ignoreNotFound } from './client.js';
import { gauntletLabels, labelKeys, managedByValue } from './labels.js';
import { randomSuffix } from './namespace.js';
import { sweep } from './sweeper.js';

describe('the sweeper on the real cluster', () => {
  test("removes a killed run's namespace, ClusterRoleBinding and RuntimeClass, and never an installed object without a run id or the current run's", async ({ kube, runId, suite, cleanup }) => {
    const dead = `dead-${randomSuffix()}`;
    const installed = { [labelKeys.managedBy]: managedByValue };
    const names = { dead: `gauntlet-sweep-dead-${randomSuffix()}`, installed: `gauntlet-sweep-installed-${randomSuffix()}`, current: `gauntlet-sweep-current-${randomSuffix()}` };
    const make = async (name: string, labels: Record<string, string>): Promise<void> => {
      await kube.core.createNamespace({ body: { metadata: { name, labels } } });
      cleanup.register(`delete namespace ${name}`, () => ignoreNotFound(kube.core.deleteNamespace({ name })));
      await kube.node.createRuntimeClass({ body: { metadata: { name, labels }, handler: 'gauntlet-sweep-test' } });
      cleanup.register(`delete runtimeclass ${name}`, () => ignoreNotFound(kube.node.deleteRuntimeClass({ name })));
      await kube.rbac.createClusterRoleBinding({
        body: { metadata: { name, labels }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'nobody', apiGroup: 'rbac.authorization.k8s.io' }] },
      });
      cleanup.register(`delete clusterrolebinding ${name}`, () => ignoreNotFound(kube.rbac.deleteClusterRoleBinding({ name })));
    };
    await make(names.dead, gauntletLabels(dead, suite));
    await make(names.installed, installed);
    await make(names.current, gauntletLabels(runId, suite));

    const dry = await sweep(kube, { runId, dryRun: true });
    const removed = (r: typeof dry): string[] => r.removed.filter((o) => Object.values(names).includes(o.name)).map((o) => `${o.kind} ${o.name}`).sort();
    const expected = [`ClusterRoleBinding ${names.dead}`, `Namespace ${names.dead}`, `RuntimeClass ${names.dead}`];
    expect(removed(dry)).toEqual(expected);
    await expect(kube.node.readRuntimeClass({ name: names.dead }), 'a dry run removes nothing').resolves.toBeDefined();

    const real = await sweep(kube, { runId });
    expect(removed(real)).toEqual(expected);
    expect(real.failures.map((f) => f.message)).toEqual([]);
    await expect(kube.node.readRuntimeClass({ name: names.dead })).rejects.toMatchObject({ code: 404 });
    await expect(kube.node.readRuntimeClass({ name: names.installed }), 'an installed object (no run id) stays').resolves.toBeDefined();
    await expect(kube.node.readRuntimeClass({ name: names.current }), "the current run's object stays").resolves.toBeDefined();
    await expect(kube.rbac.readClusterRoleBinding({ name: names.installed })).resolves.toBeDefined();
    await expect(kube.core.readNamespace({ name: names.installed })).resolves.toBeDefined();
  });
});
