import { describe, expect, it } from 'vitest';
import { allurePageProblems, type AllurePageView } from './allure-page.js';

const shown = (): AllurePageView => ({
  title: 'sandbox-gauntlet run-1',
  counts: { total: 3, passed: 1, failed: 1, skipped: 1 },
  metadata: { 'run-id': 'run-1', 'gate-verdict': 'FAIL' },
  charts: [{ title: 'Current status', width: 284, height: 284 }],
});
const want = { name: 'sandbox-gauntlet run-1', gateVerdict: 'FAIL', counts: { total: 3, passed: 1, failed: 1, skipped: 1 } };

describe('allurePageProblems', () => {
  it('finds nothing when the overview and the Graphs section show the run', () => {
    expect(allurePageProblems(shown(), want)).toEqual([]);
  });

  it('names another title, a missing verdict, counts that differ, no chart', () => {
    const view = { ...shown(), title: 'Allure Report', metadata: {}, counts: { total: 2, passed: 1, failed: 1 }, charts: [] };
    expect(allurePageProblems(view, want)).toEqual([
      'the report\'s title is "Allure Report", not "sandbox-gauntlet run-1"',
      "the overview's gate-verdict is missing, the gate FAIL",
      'the overview counts 2 total, the results 3',
      'the overview counts 0 skipped, the results 1',
      'the Graphs section has no chart',
    ]);
  });

  it('without expected counts still wants some results, and charts with a size', () => {
    const view = { ...shown(), counts: {}, charts: [{ title: 'Current status', width: 284, height: 0 }] };
    expect(allurePageProblems(view, { name: want.name, gateVerdict: 'FAIL' })).toEqual(['the overview counts no test results', 'chart "Current status" has no size (284×0)']);
  });
});
