import { describe, expect, it } from 'vitest';
import { distributionRows, overheadRows, renderCharts } from './charts.js';
import { computeGate } from './gate.js';
import { condition, passingRun, testThresholds } from './gate-test-data.js';

const gateOf = (patch: (r: ReturnType<typeof passingRun>) => void = () => {}) => {
  const r = passingRun();
  patch(r);
  return computeGate(r, testThresholds(), { generatedAt: '2025-01-01T00:00:00Z' });
};

describe('charts', () => {
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

  it('render three SVG documents headless, with the thresholds drawn', async () => {
    const charts = await renderCharts(gateOf());
    expect(Object.keys(charts)).toEqual(['Start latency: runc vs runsc', 'Start overhead against concurrency', 'Start overhead against load']);
    for (const svg of Object.values(charts)) expect(svg.startsWith('<svg')).toBe(true);
    expect(charts['Start overhead against concurrency']).toContain('limit 300');
    expect(charts['Start overhead against load']).toContain('limit 1.2');
  });

  it('render nothing when nothing was measured', async () => {
    expect(await renderCharts(gateOf((r) => (r.performance = [])))).toEqual({});
  });
});
