/**
 * Where each probe start goes, on the node runtime's own clock: the launcher's create request
 * and the API's "container started" (harness clock) around containerd's CRI calls (node clock,
 * lib/cri/containerd-log.ts), joined through the node's clock offset. The phases add up to the
 * launcher's `total`:
 *
 *   criBeforeSandbox  create request → RunPodSandbox requested (API, scheduler, kubelet pick-up)
 *   criSandbox        RunPodSandbox (pause, network, for runsc the Sentry's boot)
 *   criKubeletGap     sandbox returned → CreateContainer requested (the kubelet's work in between)
 *   criCreate         CreateContainer
 *   criStart          StartContainer
 *   criKubeletReport  StartContainer returned → the harness saw the container started (status sync, watch)
 *
 * `criRuntime` (RunPodSandbox requested → StartContainer returned) is the runtime's whole share; the
 * moment between CreateContainer returning and StartContainer being asked for (under a ms) is in
 * none of the phases, so they add up to `total` within it.
 */
import type { NodeShell } from '../node-access/node-shell.js';
import type { PhaseMarks } from '../probe/launcher.js';
import { criPhasesFromLog, stoppedSandboxes, type CriPhases } from './containerd-log.js';
import { nodeClockOffset, readContainerdJournal, type ClockOffset } from './read-cri-phases.js';
import { waitSandboxesStopped } from './sandbox-teardown.js';

import type { BreakdownPhase } from './breakdown-phases.js';

export { breakdownPhases, type BreakdownPhase } from './breakdown-phases.js';

/** Pure: one start's breakdown; the harness-clock ends only when both harness marks are known. */
export function breakdown(cri: CriPhases, marks: Pick<PhaseMarks, 'createSent'>, totalMs: number | undefined, clock: ClockOffset): Partial<Record<BreakdownPhase, number>> {
  const startedOnHarnessClock = cri.startedAtEpochMs - clock.offsetMs;
  const sandboxRequestedOnHarnessClock = startedOnHarnessClock - cri.criRuntime;
  return {
    criBeforeSandbox: sandboxRequestedOnHarnessClock - marks.createSent,
    criSandbox: cri.criSandbox,
    criKubeletGap: cri.criKubeletGap,
    criCreate: cri.criCreate,
    criStart: cri.criStart,
    criRuntime: cri.criRuntime,
    ...(totalMs !== undefined && { criKubeletReport: marks.createSent + totalMs - startedOnHarnessClock }),
  };
}

/** A batch as its nodes' journals tell it. */
export interface BatchCri {
  phases: Map<string, Partial<Record<BreakdownPhase, number>>>;
  /** Per node, the batch's sandbox ids still running when the journal was read. */
  sandboxes: Map<string, string[]>;
}

export interface BreakdownLaunch {
  name: string;
  node: string | undefined;
  uid?: string;
  marks: Pick<PhaseMarks, 'createSent'>;
  phases: { total?: number };
}

/** Reads containerd's journal on the nodes of a batch and breaks each start down; clock offsets once per node. */
export class StartBreakdown {
  private readonly clocks = new Map<string, ClockOffset>();
  readonly problems: string[] = [];
  /** Per node and batch, how long the wait for its sandboxes' teardown took after the CRI read, ms. */
  readonly teardownMs: number[] = [];

  constructor(
    private readonly shell: NodeShell,
    private readonly container: string,
  ) {}

  private async clockOf(node: string): Promise<ClockOffset> {
    const known = this.clocks.get(node);
    if (known) return known;
    const c = await nodeClockOffset(this.shell, node);
    this.clocks.set(node, c);
    return c;
  }

  /**
   * Per launch name, its breakdown, and per node the sandbox ids the journal named; a node whose
   * journal cannot be read is noted, not fatal.
   */
  async of(launches: readonly BreakdownLaunch[], sinceEpochMs: number): Promise<BatchCri> {
    const phasesByName = new Map<string, Partial<Record<BreakdownPhase, number>>>();
    const sandboxes = new Map<string, string[]>();
    const nodes = [...new Set(launches.map((l) => l.node).filter((n): n is string => n !== undefined))];
    for (const node of nodes) {
      try {
        const [clock, journal] = await Promise.all([this.clockOf(node), readContainerdJournal(this.shell, node, sinceEpochMs)]);
        const phases = criPhasesFromLog(journal, this.container);
        // The same reading says which sandboxes are already gone: held probes end with their sandbox stopped.
        const stopped = stoppedSandboxes(journal);
        for (const l of launches.filter((x) => x.node === node)) {
          const cri = l.uid === undefined ? undefined : phases.get(l.uid);
          if (cri) {
            phasesByName.set(l.name, breakdown(cri, l.marks, l.phases.total, clock));
            const running = sandboxes.get(node) ?? [];
            if (!stopped.has(cri.sandboxId)) running.push(cri.sandboxId);
            sandboxes.set(node, running);
          } else this.problems.push(`${l.name} on ${node}: no complete CRI lines in containerd's journal`);
        }
      } catch (err) {
        this.problems.push(`${node}: containerd's journal could not be read: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return { phases: phasesByName, sandboxes };
  }

  /**
   * Waits until the batch's (deleted) sandboxes are torn down on their nodes, so the next start
   * does not overlap their teardown; each node's wait goes to `teardownMs`, a timeout to `problems`.
   */
  async waitTornDown(sandboxes: ReadonlyMap<string, readonly string[]>, sinceEpochMs: number): Promise<void> {
    for (const [node, ids] of sandboxes) {
      if (ids.length === 0) {
        this.teardownMs.push(0);
        continue;
      }
      try {
        this.teardownMs.push(await waitSandboxesStopped(this.shell, node, ids, sinceEpochMs));
      } catch (err) {
        this.problems.push(`${node}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** The clock offsets used, for the record. */
  offsets(): Record<string, ClockOffset> {
    return Object.fromEntries(this.clocks);
  }
}
