/**
 * Which clock the gate judges runsc's added start cost on, per condition: the most precise one
 * that has the data.
 *
 *   1. cri    criRuntime: RunPodSandbox requested → StartContainer returned, both ends stamped by
 *             containerd on the node (lib/cri/), so no clock is compared with another;
 *   2. probe  probeStarted: the launcher's create request (harness clock) → the probe's first
 *             stamp (node clock): only where every node's clock was measured to agree with the
 *             harness's, since an offset between nodes would move one runtime's starts and not
 *             the other's;
 *   3. total  the user-visible create → Running as the harness saw it, with the kubelet's status
 *             sync in it (0–1 s, differing by runtime).
 *
 * Pure: the comparisons and clock offsets come from the suite.
 */
import type { Comparison } from './start-figures.js';

export const startClocks = ['cri', 'probe', 'total'] as const;
export type StartClock = (typeof startClocks)[number];

/** The phase each clock's comparison is made on. */
export const clockPhase: Readonly<Record<StartClock, string>> = { cri: 'criRuntime', probe: 'probeStarted', total: 'total' };

/** How the report names each clock. */
export const clockTitle: Readonly<Record<StartClock, string>> = {
  cri: "containerd's CRI clock",
  probe: "the probe's clock",
  total: 'the user-visible total',
};

/**
 * Node and harness clocks "agree" when the worst offset, uncertainty included, is within this.
 * The runtimes' difference is hundreds of ms; 10 ms of skew between two nodes is inside the
 * ±25 ms the performance budget aims at.
 */
export const clockAgreementMs = 10;

export interface ClockReading {
  /** node clock − harness clock, ms. */
  offsetMs: number;
  uncertaintyMs: number;
}

export interface StartCost extends Comparison {
  clock: StartClock;
  phase: string;
  /** Why this clock, and why not the more precise ones. */
  why: string;
}

export interface StartCostInput {
  comparisons: Readonly<Record<string, Comparison>>;
  /** Pairs a clock needs to be used. */
  minPairs: number;
  /** Per node, its clock against the harness's; empty when none could be read. */
  clocks: Readonly<Record<string, ClockReading>>;
  toleranceMs?: number;
}

/** The worst node clock disagreement, offset plus its uncertainty, and the node. */
export function worstClock(clocks: Readonly<Record<string, ClockReading>>): { node: string; bound: number } | undefined {
  let worst: { node: string; bound: number } | undefined;
  for (const [node, c] of Object.entries(clocks)) {
    const bound = Math.abs(c.offsetMs) + c.uncertaintyMs;
    if (!worst || bound > worst.bound) worst = { node, bound };
  }
  return worst;
}

const f0 = (x: number): string => x.toFixed(0);

function whyNotProbe(clocks: Readonly<Record<string, ClockReading>>, tolerance: number): string | undefined {
  const worst = worstClock(clocks);
  if (!worst) return "node clocks against the harness's were not measured, so the probe's clock is not used";
  if (worst.bound > tolerance) return `${worst.node}'s clock differs from the harness's by up to ${f0(worst.bound)} ms, beyond ${tolerance} ms, so the probe's clock is not used`;
  return undefined;
}

export function chooseStartCost(input: StartCostInput): StartCost | undefined {
  const tolerance = input.toleranceMs ?? clockAgreementMs;
  const pairsOf = (c: Comparison | undefined): number => c?.n ?? 0;
  const notUsed: string[] = [];

  const cri = input.comparisons[clockPhase.cri];
  if (cri && pairsOf(cri) >= input.minPairs) {
    return { clock: 'cri', phase: clockPhase.cri, ...cri, why: `containerd's CRI log lines for ${cri.n} pairs (RunPodSandbox requested → StartContainer returned, both on the node's clock)` };
  }
  notUsed.push(`CRI phases for ${pairsOf(cri)} pairs, fewer than ${input.minPairs}`);

  const probe = input.comparisons[clockPhase.probe];
  const probeBlocked = whyNotProbe(input.clocks, tolerance);
  if (probeBlocked) notUsed.push(probeBlocked);
  else if (probe && pairsOf(probe) >= input.minPairs) {
    const worst = worstClock(input.clocks);
    return { clock: 'probe', phase: clockPhase.probe, ...probe, why: `${notUsed.join('; ')}; the probe's clock for ${probe.n} pairs, node clocks within ${f0(worst?.bound ?? 0)} ms of the harness's` };
  } else notUsed.push(`the probe's clock for ${pairsOf(probe)} pairs, fewer than ${input.minPairs}`);

  const total = input.comparisons[clockPhase.total];
  if (!total) return undefined;
  return { clock: 'total', phase: clockPhase.total, ...total, why: `${notUsed.join('; ')}; the user-visible total for ${total.n} pairs (the kubelet's status sync included)` };
}
