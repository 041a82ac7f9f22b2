import { describe, expect, it } from 'vitest';
import { breakdownRows, distributionRows, overheadRows, renderCharts, workloadRatioRows } from './charts.js';
import { computeGate } from './gate.js';
import { condition, latency, passingRun, testThresholds } from './gate-test-data.js';

const gateOf = (patch: (r: ReturnType<typeof passingRun>) => void = () => {}) => {
  const r = passingRun();
  patch(r);
  return computeGate(r, testThresholds(), { generatedAt: '2025-01-01T00:00:00Z' });
};

describe('charts', () => {
  it("plot each timed workload's ratio with its CI", () => {
    expect(workloadRatioRows(gateOf())).toEqual([{ workload: 'cpu-bound', ratio: 1.05, lo: 1.01, hi: 1.09, verdict: 'PASS' }]);
  });

  it('draw a distribution per condition and runtime from the total-start summaries', () => {
    const rows = distributionRows(gateOf());
    expect(rows).toHaveLength(6);
    expect(rows[1]).toMatchObject({ condition: 'concurrency-1', runtime: 'runsc', p50: 1090, min: 990, max: 1490 });
  });

  it('plot overhead only for conditions with an added cost and a ratio', () => {
    const rows = overheadRows(gateOf((r) => (r.performance[2] = condition(8, { delta: undefined, ratio: undefined, startCost: undefined, successes: 3 }))));
    expect(rows.map((x) => x.concurrency)).toEqual([1, 4]);
    // The added cost on the judged clock, and the total's ratio.
    expect(rows[0]).toMatchObject({ delta: 60, deltaLo: 45, deltaHi: 75, ratioHi: 1.11, cpuMax: 0.5 });
  });

  it('stack where the start goes per condition and runtime, only where CRI phases were read', async () => {
    const withCri = gateOf((r) => {
      const c = r.performance[0];
      if (!c) return;
      c.phases.runsc = { ...c.phases.runsc, criBeforeSandbox: latency(60), criSandbox: latency(400), criKubeletGap: latency(5), criCreate: latency(40), criStart: latency(300), criKubeletReport: latency(500) };
      c.phases.runc = { ...c.phases.runc, criBeforeSandbox: latency(60), criSandbox: latency(170), criStart: latency(100) };
    });
    const rows = breakdownRows(withCri);
    expect(rows.filter((x) => x.start === 'concurrency-1 · runsc').map((x) => [x.phase, x.p50])).toEqual([
      ['API, scheduler, kubelet pick-up', 60],
      ['RunPodSandbox', 400],
      ['kubelet between calls', 5],
      ['CreateContainer', 40],
      ['StartContainer', 300],
      ['started → seen Running', 500],
    ]);
    expect(rows.filter((x) => x.start === 'concurrency-1 · runc')).toHaveLength(3);
    const svg = (await renderCharts(withCri))['Where the start goes'];
    expect(svg?.startsWith('<svg')).toBe(true);
    expect(svg).toContain('RunPodSandbox');
    expect(breakdownRows(gateOf())).toEqual([]);
  });

  it('render four SVG documents headless, with the thresholds drawn', async () => {
    const charts = await renderCharts(gateOf());
    expect(Object.keys(charts)).toEqual(['Start latency: runc vs runsc', 'Start overhead against concurrency', 'Start overhead against load', 'Workloads: runsc against runc']);
    expect(charts['Workloads: runsc against runc']).toContain('cpu-bound');
    // No CRI phases in these conditions: no breakdown chart (below).
    for (const svg of Object.values(charts)) expect(svg.startsWith('<svg')).toBe(true);
    expect(charts['Start overhead against concurrency']).toContain('limit 300');
    expect(charts['Start overhead against load']).toContain('limit 1.2');
  });

  it('render nothing when nothing was measured', async () => {
    expect(await renderCharts(gateOf((r) => ((r.performance = []), (r.workloads = []))))).toEqual({});
  });
});
