import { describe, expect, it } from 'vitest';
import { addHistograms, histogramDelta, histogramQuantile, parseHistogram, sliFigures, type Histogram } from './kubelet-sli.js';

// Shaped like a real kubelet 1.34 /metrics excerpt (trimmed buckets).
const text = `# HELP kubelet_pod_start_sli_duration_seconds [ALPHA] Duration in seconds to start a pod
# TYPE kubelet_pod_start_sli_duration_seconds histogram
kubelet_pod_start_sli_duration_seconds_bucket{le="0.5"} 0
kubelet_pod_start_sli_duration_seconds_bucket{le="1"} 4
kubelet_pod_start_sli_duration_seconds_bucket{le="2"} 10
kubelet_pod_start_sli_duration_seconds_bucket{le="3"} 10
kubelet_pod_start_sli_duration_seconds_bucket{le="+Inf"} 10
kubelet_pod_start_sli_duration_seconds_sum 12.5
kubelet_pod_start_sli_duration_seconds_count 10
kubelet_first_network_pod_start_sli_duration_seconds 4.259285447
kubelet_pod_start_total_duration_seconds_bucket{le="0.5"} 99
`;

describe('parseHistogram', () => {
  it('reads buckets, sum and count of the pod start SLI and nothing of the neighbouring metrics', () => {
    const h = parseHistogram(text);
    expect(h).toEqual({
      buckets: [
        { le: 0.5, count: 0 },
        { le: 1, count: 4 },
        { le: 2, count: 10 },
        { le: 3, count: 10 },
        { le: Infinity, count: 10 },
      ],
      sum: 12.5,
      count: 10,
    });
  });

  it('returns undefined when the metric is absent', () => {
    expect(parseHistogram('# nothing\nsome_other_metric 1\n')).toBeUndefined();
  });
});

describe('histogramQuantile (Prometheus histogram_quantile)', () => {
  const h = parseHistogram(text) as Histogram;
  it('interpolates inside the bucket holding the rank', () => {
    // rank 5 of 10: bucket (1, 2] holds ranks 5..10 (6 pods); 1 + 1 × (5 − 4)/6.
    expect(histogramQuantile(h, 0.5)).toBeCloseTo(1 + 1 / 6, 12);
    // rank 2: first non-empty bucket (0.5, 1] with 4 pods: 0.5 + 0.5 × 2/4.
    expect(histogramQuantile(h, 0.2)).toBeCloseTo(0.75, 12);
    // rank 9.9: (1, 2], 1 + (9.9 − 4)/6.
    expect(histogramQuantile(h, 0.99)).toBeCloseTo(1 + 5.9 / 6, 12);
  });

  it('answers the highest finite bound for a rank in +Inf and undefined for an empty histogram', () => {
    const tail: Histogram = { buckets: [{ le: 1, count: 1 }, { le: Infinity, count: 2 }], sum: 0, count: 2 };
    expect(histogramQuantile(tail, 0.99)).toBe(1);
    expect(histogramQuantile({ buckets: [{ le: Infinity, count: 0 }], sum: 0, count: 0 }, 0.5)).toBeUndefined();
    expect(() => histogramQuantile(tail, 2)).toThrow(RangeError);
  });

  it('gives the SLI figures in ms', () => {
    expect(sliFigures(h)).toEqual({ p50Ms: expect.closeTo(1166.667, 2) as unknown, p99Ms: expect.closeTo(1983.333, 2) as unknown, count: 10 });
  });
});

describe('histogramDelta and addHistograms', () => {
  const before: Histogram = { buckets: [{ le: 1, count: 2 }, { le: 2, count: 3 }, { le: Infinity, count: 3 }], sum: 3, count: 3 };
  const after: Histogram = { buckets: [{ le: 1, count: 5 }, { le: 2, count: 7 }, { le: Infinity, count: 8 }], sum: 11, count: 8 };

  it('subtracts bucket by bucket', () => {
    expect(histogramDelta(after, before)).toEqual({
      buckets: [{ le: 1, count: 3 }, { le: 2, count: 4 }, { le: Infinity, count: 5 }],
      sum: 8,
      count: 5,
    });
  });

  it('treats a counter that went down as a kubelet restart and keeps the new histogram', () => {
    expect(histogramDelta(before, after)).toEqual(before);
    expect(histogramDelta(after, undefined)).toEqual(after);
  });

  it('adds histograms, also with different bounds', () => {
    expect(addHistograms(before, before)).toEqual({ buckets: [{ le: 1, count: 4 }, { le: 2, count: 6 }, { le: Infinity, count: 6 }], sum: 6, count: 6 });
    const other: Histogram = { buckets: [{ le: 1.5, count: 1 }, { le: Infinity, count: 1 }], sum: 1, count: 1 };
    expect(addHistograms(before, other).buckets).toEqual([
      { le: 1, count: 2 },
      { le: 1.5, count: 3 },
      { le: 2, count: 4 },
      { le: Infinity, count: 4 },
    ]);
    expect(addHistograms(undefined, other)).toBe(other);
  });
});
