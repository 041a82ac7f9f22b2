/**
 * Load-aware start budgets: replaces a hard-coded "a pod must start in 15 s" with an
 * expectation derived from this cluster's own runc baseline and its load at the moment.
 *
 * Formula (all terms documented in the reasons of every budget):
 *
 *   pendingPerNode = pendingPods / max(1, nodeCount)
 *   factor   = 1 + cpuWeight · clamp01(cpu.max)
 *                + pendingWeight · pendingPerNode
 *                + concurrencyWeight · (harnessConcurrency − 1)
 *   budgetMs = max(floorMs, ceil(baselineP95 · headroom · factor))
 *
 * Defaults: floorMs 2000, headroom 2.0, cpuWeight 1.0, pendingWeight 0.1, concurrencyWeight 0.25.
 *
 * Why this shape:
 * - The baseline is the runc p95 calibrated at the start of the run on the same cluster, so the
 *   budget scales with the machine instead of guessing one number for laptops and EKS alike.
 * - headroom 2.0 covers the allowed runsc overhead (≤ 1.20 × median, ~50–100 ms per container)
 *   plus tail noise; a start beyond twice the calibrated p95 is "stuck", not "a bit slow".
 * - cpu.max (busiest node) because the probe may land there. Linear, not the 1/(1 − u) of a
 *   queue: that explodes near saturation and would excuse any start; loads where the two differ
 *   much (> 0.9) are classified as overloaded instead, and overloaded means inconclusive.
 * - Pending pods per node approximate the kubelet/scheduler queue ahead of our pod; each waiting
 *   pod costs a fraction of a start since the kubelet works pods in parallel.
 * - Our own concurrent starts contend for the same kubelet, containerd and CNI.
 * - The floor absorbs watch latency and timer granularity that do not scale with the baseline.
 * Every term is ≥ 0 and non-decreasing in its input, so the budget is monotone in load.
 * The weights are priors, configurable in gauntlet.config (load.timeout); tune them from runs.
 */
import { quantile } from '../stats/quantile.js';

/** Cluster load at one moment, as the load sampler reports it. Utilizations are used/allocatable, 0..1. */
export interface LoadSnapshot {
  cpuUtilization: { mean: number; max: number };
  memoryUtilization: { mean: number; max: number };
  /** Pods in phase Pending cluster-wide (not only ours). */
  pendingPods: number;
  /** Pod starts the harness itself runs at once. */
  harnessConcurrency: number;
  /** Ready, schedulable nodes. */
  nodeCount: number;
}

export interface TimeoutModelParams {
  floorMs: number;
  headroom: number;
  cpuWeight: number;
  pendingWeight: number;
  concurrencyWeight: number;
}

export const defaultTimeoutModelParams: Readonly<TimeoutModelParams> = Object.freeze({
  floorMs: 2000,
  headroom: 2.0,
  cpuWeight: 1.0,
  pendingWeight: 0.1,
  concurrencyWeight: 0.25,
});

export interface StartBudget {
  budgetMs: number;
  baselineP95Ms: number;
  baselineN: number;
  factor: number;
  reasons: string[];
  load: LoadSnapshot;
}

/** Above any of these the cluster is overloaded; results measured then are inconclusive. */
export interface LoadLimits {
  /** Busiest node's CPU utilization. */
  maxCpu: number;
  maxPendingPerNode: number;
  /** Busiest node's memory; near the eviction threshold pods get evicted, which is not the runtime's fault. */
  maxMemory: number;
}

export const defaultLoadLimits: Readonly<LoadLimits> = Object.freeze({ maxCpu: 0.9, maxPendingPerNode: 5, maxMemory: 0.95 });

export interface OverloadClassification {
  state: 'ok' | 'overloaded';
  reasons: string[];
}

export type BudgetVerdict = 'pass' | 'fail' | 'inconclusive';

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
const fmt = (x: number, digits = 2): string => x.toFixed(digits);

export const pendingPerNode = (load: LoadSnapshot): number => load.pendingPods / Math.max(1, load.nodeCount);

function checkLoad(load: LoadSnapshot): void {
  const fields: [string, number][] = [
    ['cpuUtilization.mean', load.cpuUtilization.mean],
    ['cpuUtilization.max', load.cpuUtilization.max],
    ['memoryUtilization.mean', load.memoryUtilization.mean],
    ['memoryUtilization.max', load.memoryUtilization.max],
    ['pendingPods', load.pendingPods],
    ['harnessConcurrency', load.harnessConcurrency],
    ['nodeCount', load.nodeCount],
  ];
  for (const [name, v] of fields) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`load snapshot: ${name} must be a finite number ≥ 0, got ${v}`);
  }
}

/** The load factor alone, with one reason per term. */
export function loadFactor(load: LoadSnapshot, params: TimeoutModelParams = defaultTimeoutModelParams): { factor: number; reasons: string[] } {
  checkLoad(load);
  const cpu = clamp01(load.cpuUtilization.max);
  const ppn = pendingPerNode(load);
  const extra = Math.max(0, load.harnessConcurrency - 1);
  const terms = {
    cpu: params.cpuWeight * cpu,
    pending: params.pendingWeight * ppn,
    concurrency: params.concurrencyWeight * extra,
  };
  const factor = 1 + terms.cpu + terms.pending + terms.concurrency;
  return {
    factor,
    reasons: [
      `cpu max ${fmt(cpu)} × weight ${params.cpuWeight} adds ${fmt(terms.cpu)}`,
      `${fmt(ppn)} pending pods per node (${load.pendingPods} on ${load.nodeCount} nodes) × weight ${params.pendingWeight} adds ${fmt(terms.pending)}`,
      `harness concurrency ${load.harnessConcurrency} (${extra} extra) × weight ${params.concurrencyWeight} adds ${fmt(terms.concurrency)}`,
      `load factor ${fmt(factor)}`,
    ],
  };
}

/** Budget for one pod start, from the runc baseline (ms) and the load at the moment. */
export function startBudget(
  baselineMs: readonly number[],
  load: LoadSnapshot,
  params: TimeoutModelParams = defaultTimeoutModelParams,
): StartBudget {
  if (baselineMs.length === 0) throw new RangeError('timeout model: empty runc baseline; calibrate runc starts before asking for budgets');
  if (!(params.floorMs >= 0 && params.headroom >= 1)) throw new RangeError('timeout model: floorMs must be ≥ 0 and headroom ≥ 1');
  const baselineP95Ms = quantile(baselineMs, 0.95);
  const { factor, reasons } = loadFactor(load, params);
  // ceil: a budget is an upper bound; rounding down would fail a start that met the formula.
  const scaled = Math.ceil(baselineP95Ms * params.headroom * factor);
  const budgetMs = Math.max(params.floorMs, scaled);
  return {
    budgetMs,
    baselineP95Ms,
    baselineN: baselineMs.length,
    factor,
    load,
    reasons: [
      `runc baseline p95 ${fmt(baselineP95Ms, 0)} ms over ${baselineMs.length} starts`,
      ...reasons,
      `${fmt(baselineP95Ms, 0)} ms × headroom ${params.headroom} × ${fmt(factor)} = ${scaled} ms`,
      scaled < params.floorMs ? `floor ${params.floorMs} ms applies` : `above floor ${params.floorMs} ms`,
    ],
  };
}

/** Whether the cluster was too loaded for a timing result to say anything about the runtime. */
export function classifyOverload(load: LoadSnapshot, limits: LoadLimits = defaultLoadLimits): OverloadClassification {
  checkLoad(load);
  const reasons: string[] = [];
  if (load.nodeCount === 0) reasons.push('no Ready nodes');
  if (load.cpuUtilization.max > limits.maxCpu) {
    reasons.push(`busiest node CPU ${fmt(load.cpuUtilization.max)} > limit ${limits.maxCpu}`);
  }
  const ppn = pendingPerNode(load);
  if (ppn > limits.maxPendingPerNode) {
    reasons.push(`${fmt(ppn)} pending pods per node > limit ${limits.maxPendingPerNode}`);
  }
  if (load.memoryUtilization.max > limits.maxMemory) {
    reasons.push(`busiest node memory ${fmt(load.memoryUtilization.max)} > limit ${limits.maxMemory}`);
  }
  return { state: reasons.length > 0 ? 'overloaded' : 'ok', reasons };
}

/**
 * pass if the start took at most the budget, fail if longer; inconclusive whenever the
 * cluster was overloaded, whatever the time: an overloaded cluster is not a product failure,
 * and a pass under overload was judged against an inflated budget.
 * A start that never finished is observedMs = Infinity.
 */
export function verdictFor(observedMs: number, budget: StartBudget, overload: OverloadClassification): BudgetVerdict {
  if (Number.isNaN(observedMs) || observedMs < 0) throw new RangeError(`verdictFor: observedMs must be ≥ 0, got ${observedMs}`);
  if (overload.state === 'overloaded') return 'inconclusive';
  return observedMs <= budget.budgetMs ? 'pass' : 'fail';
}
