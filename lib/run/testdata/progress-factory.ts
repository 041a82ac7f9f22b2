/** A RunProgress for tests: an empty run at its start, with what a test sets on top. */
import { progressSchemaVersion, type RunProgress } from '../progress-schema.js';

export const sampleProgress = (o: Partial<RunProgress> = {}): RunProgress => ({
  schema: progressSchemaVersion,
  runId: 'r',
  startedAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  elapsedMs: 0,
  phase: 'suites',
  selection: 'all',
  suites: [],
  totals: { done: 0, passed: 0, failed: 0, skipped: 0 },
  ...o,
});
