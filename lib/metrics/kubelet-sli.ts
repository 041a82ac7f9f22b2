/**
 * The kubelet's own pod-start SLI, `kubelet_pod_start_sli_duration_seconds` (a Prometheus
 * histogram on the kubelet's /metrics, read through the API server's node proxy), as a
 * cross-check of the launcher's figures. The SLI runs from the pod's creationTimestamp to
 * "all containers reported started and observed via watch", excluding image pulls.
 *
 * The histogram is cumulative per node and not per runtime, so the suite reads it before and
 * after each batch of one runtime and attributes the difference to that runtime
 * (`histogramDelta`). Pods of other users landing on the node in between are counted too;
 * on a shared cluster the cross-check is indicative, not exact.
 *
 * Quantiles follow Prometheus' histogram_quantile: linear interpolation inside the bucket
 * that holds the rank, so the answer is only as fine as the buckets (0.5, 1, 2, 3, 4, 5 s...).
 * Hand-written (about 40 lines) rather than a dependency: we need one metric family.
 */
import type { Kube } from '../kube/client.js';

export const podStartSliMetric = 'kubelet_pod_start_sli_duration_seconds';

export interface Histogram {
  /** Upper bounds in seconds, ascending, the last one +Inf; counts cumulative. */
  buckets: { le: number; count: number }[];
  sum: number;
  count: number;
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)/;

function labelValue(labels: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|,)\\s*${name}="([^"]*)"`).exec(labels);
  return m?.[1];
}

const parseValue = (raw: string): number => (raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw));

/**
 * The histogram `metric` from Prometheus text exposition, or undefined when absent.
 * Series with labels other than `le` are summed per bound (the kubelet exposes one series).
 */
export function parseHistogram(text: string, metric: string = podStartSliMetric): Histogram | undefined {
  const byLe = new Map<number, number>();
  let sum: number | undefined;
  let count: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const m = sampleLine.exec(line.trim());
    if (!m) continue;
    const [, name, labels = '', raw = ''] = m;
    const value = parseValue(raw);
    if (Number.isNaN(value)) continue;
    if (name === `${metric}_bucket`) {
      const le = labelValue(labels, 'le');
      if (le === undefined) continue;
      const bound = parseValue(le);
      byLe.set(bound, (byLe.get(bound) ?? 0) + value);
    } else if (name === `${metric}_sum`) {
      sum = (sum ?? 0) + value;
    } else if (name === `${metric}_count`) {
      count = (count ?? 0) + value;
    }
  }
  if (byLe.size === 0 && count === undefined) return undefined;
  const buckets = [...byLe.entries()].sort((a, b) => a[0] - b[0]).map(([le, c]) => ({ le, count: c }));
  const total = count ?? buckets.at(-1)?.count ?? 0;
  if (buckets.at(-1)?.le !== Infinity) buckets.push({ le: Infinity, count: total });
  return { buckets, sum: sum ?? 0, count: total };
}

/** after − before, bucket by bucket; a counter that went down means the kubelet restarted: `after` alone is returned. */
export function histogramDelta(after: Histogram, before: Histogram | undefined): Histogram {
  if (!before) return after;
  const reset = after.count < before.count || after.buckets.some((b) => b.count < (before.buckets.find((x) => x.le === b.le)?.count ?? 0));
  if (reset) return after;
  return {
    buckets: after.buckets.map((b) => ({ le: b.le, count: b.count - (before.buckets.find((x) => x.le === b.le)?.count ?? 0) })),
    sum: after.sum - before.sum,
    count: after.count - before.count,
  };
}

/** Element-wise sum of histograms with the same bounds (several nodes, several batches). */
export function addHistograms(a: Histogram | undefined, b: Histogram): Histogram {
  if (!a) return b;
  const les = [...new Set([...a.buckets, ...b.buckets].map((x) => x.le))].sort((x, y) => x - y);
  // Cumulative counts: at a bound one histogram lacks, use its next-lower bound's count.
  const at = (h: Histogram, le: number): number => [...h.buckets].reverse().find((x) => x.le <= le)?.count ?? 0;
  return { buckets: les.map((le) => ({ le, count: at(a, le) + at(b, le) })), sum: a.sum + b.sum, count: a.count + b.count };
}

/**
 * Prometheus histogram_quantile(q): the bucket holding rank q·count, interpolated linearly
 * from its lower bound (0 for the first bucket). A rank in the +Inf bucket returns the highest
 * finite bound. undefined for an empty histogram.
 */
export function histogramQuantile(h: Histogram, q: number): number | undefined {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`histogramQuantile: q must be in [0, 1], got ${q}`);
  if (h.count <= 0 || h.buckets.length === 0) return undefined;
  const rank = q * h.count;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of h.buckets) {
    if (b.count >= rank) {
      if (b.le === Infinity) return prevLe;
      const inBucket = b.count - prevCount;
      if (inBucket <= 0) return b.le;
      return prevLe + (b.le - prevLe) * ((rank - prevCount) / inBucket);
    }
    prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe;
}

/** p50, p99 (ms) and the count of a pod-start SLI histogram, the shape PerformanceCondition.kubeletSli holds. */
export function sliFigures(h: Histogram): { p50Ms: number; p99Ms: number; count: number } | undefined {
  const p50 = histogramQuantile(h, 0.5);
  const p99 = histogramQuantile(h, 0.99);
  if (p50 === undefined || p99 === undefined) return undefined;
  return { p50Ms: p50 * 1000, p99Ms: p99 * 1000, count: h.count };
}

/** The node's pod-start SLI histogram, read through the API server's node proxy. undefined if the kubelet does not expose it. */
export async function readPodStartSli(kube: Kube, node: string): Promise<Histogram | undefined> {
  const text = await kube.core.connectGetNodeProxyWithPath({ name: node, path: 'metrics' });
  return parseHistogram(String(text));
}
