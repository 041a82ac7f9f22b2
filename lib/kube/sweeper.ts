/**
 * The sweeper removes what earlier runs left behind: namespaces (with every pod in them:
 * probes, node agents, stress pods), ClusterRoleBindings and RuntimeClasses labelled
 * managed-by sandbox-gauntlet whose run id is not the current one, and nothing else. Run it
 * from one process (the CLI, at the start of `gauntlet run` and `npm test`), never from test
 * workers that might each hold a different run id. Node state is lib/kube/node-leftovers.ts.
 */
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { InfrastructureError } from '../errors.js';
import { describeKubeError, isNotFound, type Kube } from './client.js';
import { labelKeys, managedByValue, otherRunsSelector } from './labels.js';

// Bindings first (they grant), then cluster-scoped objects, then namespaces (slowest to go).
export const sweptKinds = ['ClusterRoleBinding', 'RuntimeClass', 'Namespace'] as const;
export type SweptKind = (typeof sweptKinds)[number];

export interface SweptObject {
  kind: SweptKind;
  name: string;
  /** Run id label of the object (objects without one are never swept). */
  runId: string;
  createdAt: Date | undefined;
}

export interface SweepOptions {
  /** The current run; its objects are never touched. */
  runId: string;
  /** Only objects created at least this many minutes ago (protects a concurrent run on the same cluster). */
  olderThanMinutes?: number;
  /** Report what would be removed without removing it. */
  dryRun?: boolean;
  /** Clock for the age check; injectable for tests. */
  now?: Date;
}

export interface SweepReport {
  /** Deleted (or, with dryRun, to be deleted), in sweptKinds order. */
  removed: SweptObject[];
  /** Listed but gone by the time of the delete. */
  alreadyGone: SweptObject[];
  failures: InfrastructureError[];
}

const msPerMinute = 60_000;

/**
 * Of `objects` (of one kind), those that belong to the harness, to another run, and
 * are old enough. Pure; the server-side selector already filters, this re-checks so a
 * wrong selector can never sweep foreign or current objects.
 */
export function selectLeftovers(
  kind: SweptKind,
  objects: { metadata?: V1ObjectMeta }[],
  options: Pick<SweepOptions, 'runId' | 'olderThanMinutes' | 'now'>,
): SweptObject[] {
  const now = (options.now ?? new Date()).getTime();
  const minAgeMs = (options.olderThanMinutes ?? 0) * msPerMinute;
  const selected: SweptObject[] = [];
  for (const { metadata } of objects) {
    const labels = metadata?.labels ?? {};
    const name = metadata?.name;
    if (!name || labels[labelKeys.managedBy] !== managedByValue) continue;
    const runId = labels[labelKeys.runId];
    // No run id: installed for good (the embedded cluster's installer, RuntimeClasses), never a leftover.
    if (runId === undefined || runId === options.runId) continue;
    const createdAt = metadata?.creationTimestamp === undefined ? undefined : new Date(metadata.creationTimestamp);
    // Unknown age counts as old only when no minimum age was asked for.
    const age = createdAt === undefined ? undefined : now - createdAt.getTime();
    if (minAgeMs > 0 && (age === undefined || age < minAgeMs)) continue;
    selected.push({ kind, name, runId, createdAt });
  }
  return selected;
}

async function listKind(kube: Kube, kind: SweptKind, labelSelector: string): Promise<{ metadata?: V1ObjectMeta }[]> {
  switch (kind) {
    case 'ClusterRoleBinding':
      return (await kube.rbac.listClusterRoleBinding({ labelSelector })).items;
    case 'RuntimeClass':
      return (await kube.node.listRuntimeClass({ labelSelector })).items;
    case 'Namespace':
      return (await kube.core.listNamespace({ labelSelector })).items;
  }
}

async function deleteObject(kube: Kube, object: SweptObject): Promise<void> {
  switch (object.kind) {
    case 'ClusterRoleBinding':
      await kube.rbac.deleteClusterRoleBinding({ name: object.name });
      return;
    case 'RuntimeClass':
      await kube.node.deleteRuntimeClass({ name: object.name });
      return;
    case 'Namespace':
      await kube.core.deleteNamespace({ name: object.name, propagationPolicy: 'Foreground' });
      return;
  }
}

/**
 * Delete every leftover of other runs. Continues past failures and reports them;
 * does not wait for namespaces to finish terminating. Listing failures are reported
 * per kind the same way, so a missing RBAC permission does not stop the namespace sweep.
 */
export async function sweep(kube: Kube, options: SweepOptions): Promise<SweepReport> {
  const report: SweepReport = { removed: [], alreadyGone: [], failures: [] };
  const labelSelector = otherRunsSelector(options.runId);
  for (const kind of sweptKinds) {
    let leftovers: SweptObject[];
    try {
      leftovers = selectLeftovers(kind, await listKind(kube, kind, labelSelector), options);
    } catch (err) {
      report.failures.push(
        new InfrastructureError(
          `Sweep: listing ${kind}s failed: ${describeKubeError(err)}`,
          'Check that the kubeconfig may list and delete namespaces, ClusterRoleBindings and RuntimeClasses (deploy/rbac.yaml grants it).',
          { cause: err },
        ),
      );
      continue;
    }
    for (const object of leftovers) {
      if (options.dryRun) {
        report.removed.push(object);
        continue;
      }
      try {
        await deleteObject(kube, object);
        report.removed.push(object);
      } catch (err) {
        if (isNotFound(err)) {
          report.alreadyGone.push(object);
          continue;
        }
        report.failures.push(
          new InfrastructureError(
            `Sweep: deleting ${object.kind} ${object.name} failed: ${describeKubeError(err)}`,
            'Delete it by hand (kubectl delete) or check the kubeconfig permissions.',
            { cause: err },
          ),
        );
      }
    }
  }
  return report;
}
