/**
 * Time left in a run, from earlier runs' suite durations (lib/run/progress-history.ts). Pure.
 *
 * A pending suite takes what it took before, scaled down when fewer of its tests will run now
 * than then (never up: a suite's fixed costs, such as the escape matrix's set-up, do not grow
 * with its test count). The running suite has what is left of that; past it, or without an
 * earlier duration, its own pace so far (time per test done) extrapolated to its remaining tests.
 */
import type { RunProgress, RunSuiteProgress } from './progress-schema.js';

/** The earlier duration of `s`, scaled to the tests that will run now. */
export function expectedMs(s: Pick<RunSuiteProgress, 'previous' | 'total'>): number | undefined {
  const prev = s.previous;
  if (!prev) return undefined;
  if (prev.total === undefined || prev.total === 0 || s.total === undefined) return prev.durationMs;
  return prev.durationMs * Math.min(1, s.total / prev.total);
}

function leftOf(s: RunSuiteProgress, nowMs: number): number | undefined {
  if (s.state === 'done' || s.state === 'not-run') return 0;
  const expected = expectedMs(s);
  if (s.state === 'pending') return expected;
  const elapsed = s.startedAt ? Math.max(0, nowMs - Date.parse(s.startedAt)) : 0;
  if (expected !== undefined && elapsed < expected) return expected - elapsed;
  if (s.tests.done > 0 && s.total !== undefined) return (elapsed / s.tests.done) * Math.max(0, s.total - s.tests.done);
  return undefined;
}

export function estimateRemaining(suites: readonly RunSuiteProgress[], nowMs: number): RunProgress['remaining'] {
  const left = suites.map((s) => leftOf(s, nowMs));
  const known = left.filter((x): x is number => x !== undefined);
  // Done suites are known (0) but say nothing: without a single estimate there is none.
  if (!suites.some((s, i) => left[i] !== undefined && s.state !== 'done' && s.state !== 'not-run')) return undefined;
  const basis = [...new Set(suites.flatMap((s) => (s.previous && s.state !== 'done' && s.state !== 'not-run' ? [s.previous.runId] : [])))];
  return { ms: Math.round(known.reduce((a, b) => a + b, 0)), complete: known.length === suites.length, basis };
}
