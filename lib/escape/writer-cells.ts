/**
 * Writer cells: the node-change attempts, one pod at a time, each between two readings of the
 * node (lib/escape/node-change.ts). What changed on the node while a writer pod ran alone is
 * that pod's doing; each cell writes its own values, so nothing else could have set them.
 * Everything changed is put back right after each reading and again by cleanup.
 */
import type { CleanupStack } from '../kube/cleanup.js';
import type { Kube } from '../kube/client.js';
import type { NodeShell } from '../node-access/node-shell.js';
import { runGroupPodAlone, type GroupPod, type GroupRun } from './group-pods.js';
import { cellMarks, installRawCounter, nodeChanges, readNodeState, removeRawCounter, restoreNodeState, writerArgs, type CellMarks } from './node-change.js';
import { cellKey, type NodeChange, type Profile } from './verdict.js';
import type { Runtime } from '../runtimes.js';

export interface WriterCellsOptions {
  kube: Kube;
  cleanup: CleanupStack;
  shell: NodeShell;
  node: string;
  nodeIp: string;
  runId: string;
  /** The cells, in the order they run. */
  cells: readonly { runtime: Runtime; profile: Profile }[];
  /** The writer pod of a cell, given the probe arguments that carry its marks. */
  podFor: (cell: { runtime: Runtime; profile: Profile }, markArgs: string[]) => GroupPod;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface WriterCellsRun {
  groups: GroupRun[];
  /** cellKey → attempt id → what the node showed. */
  changes: Map<string, Map<string, NodeChange>>;
}

export async function runWriterCells(o: WriterCellsOptions): Promise<WriterCellsRun> {
  const { shell, node, runId } = o;
  const log = o.log ?? (() => undefined);
  await installRawCounter(shell, node, runId, o.nodeIp);
  o.cleanup.register(`remove the raw-packet counting rule on ${node}`, () => removeRawCounter(shell, node, runId, o.nodeIp));
  const original = await readNodeState(shell, node, runId);
  o.cleanup.register(`restore the kernel knobs the writer cells touched on ${node}`, () => restoreNodeState(shell, node, runId, original));

  const groups: GroupRun[] = [];
  const changes = new Map<string, Map<string, NodeChange>>();
  for (const [index, cell] of o.cells.entries()) {
    const before = await readNodeState(shell, node, runId);
    const marks: CellMarks = cellMarks(runId, index, before);
    groups.push(await runGroupPodAlone(o.kube, o.podFor(cell, writerArgs(marks, o.nodeIp)), o.cleanup, o.signal));
    const after = await readNodeState(shell, node, runId);
    changes.set(cellKey(cell.runtime, cell.profile), nodeChanges(before, after, marks));
    const restored = await restoreNodeState(shell, node, runId, original);
    log(`writer ${cell.runtime}/${cell.profile}: ${restored.length > 0 ? `the node changed; restored ${restored.join(', ')}` : 'no knob of the node changed'}`);
  }
  return { groups, changes };
}
