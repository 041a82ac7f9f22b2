/**
 * The load sampler: what the cluster is doing right now, as a LoadSnapshot for the timeout
 * model (lib/load/timeout-model.ts).
 *
 * - CPU and memory per node from the kubelet summary API (`/api/v1/nodes/<n>/proxy/stats/summary`):
 *   cpu = node.cpu.usageNanoCores / allocatable CPU, memory = node.memory.workingSetBytes /
 *   allocatable memory (working set is what the kubelet's eviction uses). A node whose summary
 *   cannot be read counts as fully loaded (1.0) rather than idle: an unknown load must not
 *   shrink a budget or hide an overload.
 * - Pending pods cluster-wide (anyone's, not only ours): the scheduler/kubelet queue ahead of us.
 * - The harness's own concurrency, as the caller states it.
 * - nodeCount: Ready nodes without NoSchedule/NoExecute taints (those our pods can use).
 *
 * `LoadSampler` samples on an interval during a condition; `combineLoad` reduces the samples
 * to one snapshot (worst case of every field), which is what a condition reports.
 */
import type { V1Node } from '@kubernetes/client-node';
// Not re-exported by the package root; the same parser the client uses for `kubectl top`.
import { quantityToScalar } from '@kubernetes/client-node/dist/util.js';
import type { Kube } from '../kube/client.js';
import { describeKubeError } from '../kube/client.js';
import type { LoadSnapshot } from './timeout-model.js';

/** The fields of the kubelet's stats/summary we read. */
export interface KubeletSummary {
  node?: {
    nodeName?: string;
    cpu?: { usageNanoCores?: number };
    memory?: { workingSetBytes?: number; availableBytes?: number };
  };
}

export interface NodeLoad {
  node: string;
  ready: boolean;
  schedulable: boolean;
  cpuCores: number | undefined;
  cpuAllocatableCores: number;
  cpuUtilization: number;
  memoryBytes: number | undefined;
  memoryAllocatableBytes: number;
  memoryUtilization: number;
  /** Why the figures are assumed rather than measured. */
  problem?: string;
}

export interface LoadSample {
  /** Epoch ms when the sample was complete. */
  at: number;
  snapshot: LoadSnapshot;
  nodes: NodeLoad[];
}

const toNumber = (q: string | undefined): number => {
  if (q === undefined) return 0;
  const v = quantityToScalar(q);
  return typeof v === 'bigint' ? Number(v) : v;
};

function isSchedulable(node: V1Node): boolean {
  if (node.spec?.unschedulable) return false;
  return !(node.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
}

const isReady = (node: V1Node): boolean => node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

/** Pure: one node's load from its object and its summary (undefined: unreadable, counted as full). */
export function nodeLoadFrom(node: V1Node, summary: KubeletSummary | undefined, problem?: string): NodeLoad {
  const cpuAllocatableCores = toNumber(node.status?.allocatable?.cpu);
  const memoryAllocatableBytes = toNumber(node.status?.allocatable?.memory);
  const nanoCores = summary?.node?.cpu?.usageNanoCores;
  const workingSet = summary?.node?.memory?.workingSetBytes;
  const cpuCores = nanoCores === undefined ? undefined : nanoCores / 1e9;
  const ratio = (used: number | undefined, of: number): number => (used === undefined || of <= 0 ? 1 : used / of);
  const missing = [nanoCores === undefined ? 'cpu' : '', workingSet === undefined ? 'memory' : ''].filter(Boolean);
  const why = problem ?? (missing.length > 0 ? `summary lacks ${missing.join(' and ')} usage` : undefined);
  return {
    node: node.metadata?.name ?? '?',
    ready: isReady(node),
    schedulable: isSchedulable(node),
    cpuCores,
    cpuAllocatableCores,
    cpuUtilization: ratio(cpuCores, cpuAllocatableCores),
    memoryBytes: workingSet,
    memoryAllocatableBytes,
    memoryUtilization: ratio(workingSet, memoryAllocatableBytes),
    ...(why ? { problem: why } : {}),
  };
}

/**
 * Pure: the snapshot of a moment. Utilization is averaged and maxed over the nodes our pods
 * can use (Ready and schedulable); if none, over all nodes, and nodeCount is 0.
 */
export function snapshotFrom(nodes: readonly NodeLoad[], pendingPods: number, harnessConcurrency: number): LoadSnapshot {
  const usable = nodes.filter((n) => n.ready && n.schedulable);
  const basis = usable.length > 0 ? usable : nodes;
  const stat = (xs: number[]): { mean: number; max: number } =>
    xs.length === 0 ? { mean: 0, max: 0 } : { mean: xs.reduce((a, b) => a + b, 0) / xs.length, max: Math.max(...xs) };
  return {
    cpuUtilization: stat(basis.map((n) => n.cpuUtilization)),
    memoryUtilization: stat(basis.map((n) => n.memoryUtilization)),
    pendingPods,
    harnessConcurrency,
    nodeCount: usable.length,
  };
}

/**
 * Pure: one snapshot standing for a period, the worst case of each field (max of the means and
 * maxes, max pending, max concurrency, fewest nodes): a condition is judged by its worst moment.
 */
export function combineLoad(snapshots: readonly LoadSnapshot[]): LoadSnapshot {
  if (snapshots.length === 0) throw new RangeError('combineLoad: no load snapshots');
  const max = (f: (s: LoadSnapshot) => number): number => Math.max(...snapshots.map(f));
  return {
    cpuUtilization: { mean: max((s) => s.cpuUtilization.mean), max: max((s) => s.cpuUtilization.max) },
    memoryUtilization: { mean: max((s) => s.memoryUtilization.mean), max: max((s) => s.memoryUtilization.max) },
    pendingPods: max((s) => s.pendingPods),
    harnessConcurrency: max((s) => s.harnessConcurrency),
    nodeCount: Math.min(...snapshots.map((s) => s.nodeCount)),
  };
}

/** One line for logs and budget reasons: `cpu 0.31/0.45 (mean/max), mem 0.10/0.12, 0 pending, concurrency 4, 2 nodes`. */
export function describeLoad(s: LoadSnapshot): string {
  const f = (x: number): string => x.toFixed(2);
  return `cpu ${f(s.cpuUtilization.mean)}/${f(s.cpuUtilization.max)} (mean/max), mem ${f(s.memoryUtilization.mean)}/${f(s.memoryUtilization.max)}, ${s.pendingPods} pending, concurrency ${s.harnessConcurrency}, ${s.nodeCount} nodes`;
}

/** The kubelet's stats/summary of a node, through the API server's node proxy. */
export async function readSummary(kube: Kube, node: string): Promise<KubeletSummary> {
  const text = await kube.core.connectGetNodeProxyWithPath({ name: node, path: 'stats/summary' });
  return (typeof text === 'string' ? JSON.parse(text) : text) as KubeletSummary;
}

/** Measures the cluster's load now. Per-node read failures are kept in `nodes[].problem`, never thrown. */
export async function sampleLoad(kube: Kube, options: { harnessConcurrency: number }): Promise<LoadSample> {
  const [nodeList, pending] = await Promise.all([kube.core.listNode(), kube.core.listPodForAllNamespaces({ fieldSelector: 'status.phase=Pending' })]);
  const nodes = await Promise.all(
    nodeList.items.map(async (node) => {
      const name = node.metadata?.name ?? '';
      if (!isReady(node)) return nodeLoadFrom(node, undefined, 'node not Ready');
      try {
        return nodeLoadFrom(node, await readSummary(kube, name));
      } catch (err) {
        return nodeLoadFrom(node, undefined, `stats/summary unreadable: ${describeKubeError(err)}`);
      }
    }),
  );
  return { at: Date.now(), snapshot: snapshotFrom(nodes, pending.items.length, options.harnessConcurrency), nodes };
}

/**
 * Samples every `intervalMs` in the background until stopped; `stop()` takes a final sample and
 * returns them all. Sampling errors are kept, not thrown,
 * so a hiccup of the API does not end a measurement; `stop()` throws only if no sample at all
 * could be taken.
 */
export class LoadSampler {
  private readonly samples: LoadSample[] = [];
  private readonly errors: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly kube: Kube,
    private readonly harnessConcurrency: number,
    private readonly intervalMs: number,
  ) {}

  private tick(): Promise<void> {
    this.inFlight ??= sampleLoad(this.kube, { harnessConcurrency: this.harnessConcurrency })
      .then((s) => void this.samples.push(s))
      .catch((err: unknown) => void this.errors.push(describeKubeError(err)))
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** The newest sample, if one has completed. */
  latest(): LoadSample | undefined {
    return this.samples.at(-1);
  }

  /** Samples completed at or after `at` (epoch ms). */
  since(at: number): LoadSample[] {
    return this.samples.filter((s) => s.at >= at);
  }

  /** Takes a sample now (or joins the one in flight) and returns the newest. */
  async sampleNow(): Promise<LoadSample | undefined> {
    await this.tick();
    return this.latest();
  }

  start(): this {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    return this;
  }

  async stop(): Promise<LoadSample[]> {
    clearInterval(this.timer);
    await this.inFlight;
    // One more at the end: the kubelet's CPU figure is a rate over cadvisor's last housekeeping
    // interval (about 10 s), so it lags; a short condition's load shows up only afterwards.
    await this.tick();
    if (this.samples.length === 0) throw new Error(`load sampler: no sample could be taken: ${this.errors.join('; ')}`);
    return [...this.samples];
  }
}
