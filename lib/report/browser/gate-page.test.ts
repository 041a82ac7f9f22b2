import { describe, expect, it } from 'vitest';
import { computeGate } from '../gate.js';
import { passingRun, testThresholds } from '../gate-test-data.js';
import { gatePageProblems, type GatePageView } from './gate-page.js';

const gate = computeGate(passingRun(), testThresholds());
const row = (area: string, verdict: string) => ({ area, verdict, width: 900, height: 40 });
const shown = (): GatePageView => ({
  heading: 'Gate: PASS (exit 0)',
  areas: [row('Security', 'PASS'), row('Performance', 'PASS'), row('Resilience', 'PASS')],
  charts: [{ title: 'Start latency: runc vs runsc', width: 600, height: 240 }],
});

describe('gatePageProblems', () => {
  it('finds nothing when the page shows the gate', () => {
    expect(gatePageProblems(shown(), gate, 1)).toEqual([]);
  });

  it('names a wrong heading, a missing or disagreeing row, an unrendered row or chart, a missing chart', () => {
    const view = shown();
    view.heading = 'Gate: FAIL (exit 1)';
    view.areas = [row('Security', 'FAIL'), { ...row('Performance', 'PASS'), height: 0 }];
    view.charts[0]!.width = 0;
    expect(gatePageProblems(view, gate, 2)).toEqual([
      'the heading is "Gate: FAIL (exit 1)", not "Gate: PASS (exit 0)…"',
      'the area table says Security FAIL, the gate PASS',
      "the area table's row Performance is not shown (900×0)",
      'the area table has no row Resilience',
      '1 chart(s) on the page, 2 in the report',
      'chart "Start latency: runc vs runsc" has no size (0×240)',
    ]);
  });

  it('says so once when there is no area table at all', () => {
    expect(gatePageProblems({ ...shown(), areas: [] }, gate, 1)).toEqual(['no area table (a table headed Area | Verdict)']);
  });

  it('expects "not run" for an area outside a partial run', () => {
    const partial = { ...gate, scope: ['security' as const] };
    const view = { ...shown(), areas: [row('Security', 'PASS'), row('Performance', 'not run'), row('Resilience', 'PASS')] };
    expect(gatePageProblems(view, partial, 1)).toEqual(['the area table says Resilience PASS, the gate not run']);
  });
});
