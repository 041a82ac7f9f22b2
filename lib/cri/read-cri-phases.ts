/**
 * CRI phases of probe pods read on their nodes, through the run's node access (docker exec on
 * the embedded cluster, a node agent elsewhere): containerd's journal since a moment, parsed by
 * lib/cri/containerd-log.ts. Also the node's clock against the harness's, so the runtime's
 * "container started" can be set against the API's "Running" as the harness received it.
 */
import type { NodeShell } from '../node-access/node-shell.js';

/** The journal unit containerd runs as (EKS's AL2023 nodes and the local ones alike). */
const containerdUnit = 'containerd';

/** containerd's journal on `node` since a moment (a second early: journalctl's --since has whole seconds). */
export async function readContainerdJournal(shell: NodeShell, node: string, sinceEpochMs: number): Promise<string> {
  const since = Math.floor(sinceEpochMs / 1000) - 1;
  return shell.exec(node, ['journalctl', '-u', containerdUnit, '--since', `@${since}`, '--no-pager', '-o', 'cat']);
}


export interface ClockOffset {
  /** node clock − harness clock, ms. */
  offsetMs: number;
  /** Half the round trip: the offset is known to ± this. */
  uncertaintyMs: number;
}

/** Pure: the offset from one exchange (harness before, node's reading, harness after). */
export function offsetFrom(beforeMs: number, nodeMs: number, afterMs: number): ClockOffset {
  return { offsetMs: nodeMs - (beforeMs + afterMs) / 2, uncertaintyMs: (afterMs - beforeMs) / 2 };
}

/** The node's clock against this process's, the best of `tries` exchanges (shortest round trip). */
export async function nodeClockOffset(shell: NodeShell, node: string, tries = 3): Promise<ClockOffset> {
  let best: ClockOffset | undefined;
  for (let i = 0; i < tries; i++) {
    const before = Date.now();
    const ns = (await shell.exec(node, ['date', '+%s%N'])).trim();
    const after = Date.now();
    const o = offsetFrom(before, Number(ns) / 1e6, after);
    if (!best || o.uncertaintyMs < best.uncertaintyMs) best = o;
  }
  if (!best || !Number.isFinite(best.offsetMs)) throw new Error(`could not read the clock of ${node}`);
  return best;
}
