/**
 * What `gauntlet sweep` and the start of `gauntlet run` and `npm test` do: remove the
 * leftovers of killed runs of this harness (by label; lib/kube/sweeper.ts), put the embedded
 * cluster's nodes right (lib/cluster/node-repair.ts), wait for swept namespaces to be gone,
 * and report nodes that are not Ready and schedulable. Nothing without the harness's labels
 * is touched.
 */
import { clusterSettings } from '../cluster/settings.js';
import type { NodeRepair } from '../cluster/node-repair.js';
import type { InfrastructureError } from '../errors.js';
import type { Kube } from '../kube/client.js';
import { nodeProblems, type NodeProblem } from '../kube/node-leftovers.js';
import { otherRunsSelector } from '../kube/labels.js';
import { sweep, type SweepReport } from '../kube/sweeper.js';
import { targetsEmbeddedCluster } from '../node-access/target.js';
import { envScaled, namespaceDeleteMs, sweepPollMs } from '../timeouts.js';

export interface LeftoverSweep {
  dryRun: boolean;
  objects: SweepReport;
  nodeRepairs: NodeRepair[];
  /** Swept namespaces still terminating when the wait ended. */
  stillTerminating: string[];
  /** After the sweep. */
  nodeProblems: NodeProblem[];
}

async function waitNamespacesGone(kube: Kube, runId: string, names: readonly string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let left = [...names];
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, sweepPollMs));
    const listed = new Set((await kube.core.listNamespace({ labelSelector: otherRunsSelector(runId) })).items.map((n) => n.metadata?.name));
    left = left.filter((n) => listed.has(n));
  }
  return left;
}

export async function sweepLeftovers(kube: Kube, o: { runId: string; dryRun?: boolean; progress?: (m: string) => void }): Promise<LeftoverSweep> {
  const dryRun = o.dryRun ?? false;
  let nodeRepairs: NodeRepair[] = [];
  if (await targetsEmbeddedCluster(kube)) {
    const { repairEmbeddedNodes } = await import('../cluster/node-repair.js');
    nodeRepairs = await repairEmbeddedNodes(clusterSettings(), { dryRun, ...(o.progress && { progress: o.progress }) });
  }
  const objects = await sweep(kube, { runId: o.runId, dryRun });
  const namespaces = objects.removed.filter((x) => x.kind === 'Namespace').map((x) => x.name);
  if (!dryRun && namespaces.length > 0) o.progress?.(`waiting for ${namespaces.length} swept namespace(s) to be gone`);
  const stillTerminating = dryRun ? [] : await waitNamespacesGone(kube, o.runId, namespaces, envScaled(namespaceDeleteMs));
  const problems = nodeProblems((await kube.core.listNode()).items);
  return { dryRun, objects, nodeRepairs, stillTerminating, nodeProblems: problems };
}

/** Pure: the sweep as lines for a person (what was removed, what is still wrong). */
export function renderSweep(s: LeftoverSweep): string {
  const verb = s.dryRun ? 'would remove' : 'removed';
  const lines = [
    ...s.nodeRepairs.map((r) => `${s.dryRun ? 'would repair' : 'repaired'} node ${r.node}: ${r.action}`),
    ...s.objects.removed.map((x) => `${verb} ${x.kind} ${x.name} (run ${x.runId ?? 'unknown'}${x.createdAt ? `, created ${x.createdAt.toISOString()}` : ''})`),
    ...s.objects.alreadyGone.map((x) => `already gone: ${x.kind} ${x.name}`),
    ...s.stillTerminating.map((n) => `still terminating: Namespace ${n}`),
    ...s.objects.failures.map((f: InfrastructureError) => `failed: ${f.message}${f.hint ? ` (${f.hint})` : ''}`),
    ...s.nodeProblems.map((p) => `node ${p.node}: ${p.problem} (not changed: the harness never cordons or taints; look at it)`),
  ];
  const total = s.objects.removed.length + s.nodeRepairs.length;
  lines.push(total === 0 && s.nodeProblems.length === 0 ? 'sweep: nothing of earlier runs is left' : `sweep: ${total} leftover(s) ${s.dryRun ? 'found' : 'handled'}, ${s.nodeProblems.length} node problem(s)`);
  return `${lines.join('\n')}\n`;
}

/** Pure: did the sweep leave the cluster clean (nothing failed, nothing still there)? */
export const sweptClean = (s: LeftoverSweep): boolean => s.objects.failures.length === 0 && s.stillTerminating.length === 0 && s.nodeProblems.length === 0;
