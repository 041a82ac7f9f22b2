/**
 * Nodes a sweep reports: NotReady, cordoned, or carrying a taint of the harness's own key
 * prefix. The harness never cordons or taints a node itself (its faults stop kubelets,
 * containers and shims, and are undone by the fault or by lib/cluster/node-repair.ts), so
 * such a node is reported for a person to look at, not changed.
 */
import type { V1Node } from '@kubernetes/client-node';
import { labelPrefix } from './labels.js';

export interface NodeProblem {
  node: string;
  problem: string;
}

/** Pure: what is wrong with each node that a run needs Ready and schedulable. */
export function nodeProblems(nodes: readonly V1Node[]): NodeProblem[] {
  const problems: NodeProblem[] = [];
  for (const n of nodes) {
    const node = n.metadata?.name ?? '?';
    const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status !== 'True') problems.push({ node, problem: `not Ready (${ready ? `${ready.status}: ${ready.reason ?? ''}`.trim() : 'no Ready condition'})` });
    if (n.spec?.unschedulable) problems.push({ node, problem: 'cordoned (spec.unschedulable)' });
    for (const t of n.spec?.taints ?? []) {
      if (t.key.startsWith(labelPrefix)) problems.push({ node, problem: `tainted ${t.key}=${t.value ?? ''}:${t.effect}` });
    }
  }
  return problems;
}
