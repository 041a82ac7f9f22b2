/**
 * The progress files of a run: what the progress reporter (lib/run/progress-reporter.ts)
 * writes per suite while vitest runs, and reports/<run-id>/progress.json, which `gauntlet run`
 * rewrites as the run goes (lib/run/run-progress.ts) for a CI job or a second terminal.
 */
import { z } from 'zod';
import { gateAreas } from '../vocabulary.js';

export const progressSchemaVersion = 'sandbox-gauntlet/progress/v1';

const count = z.int().min(0);
export const testCountsSchema = z.object({ done: count, passed: count, failed: count, skipped: count });
export type TestCounts = z.output<typeof testCountsSchema>;
export const noTests: TestCounts = { done: 0, passed: 0, failed: 0, skipped: 0 };

/** One vitest process's progress, from its reporter. */
export const suiteProgressSchema = z.object({
  project: z.string(),
  updatedAt: z.string(),
  files: z.object({ total: count, collected: count, done: count }),
  /** `collected`: tests of the collected files that will run (statically skipped ones are not counted). */
  tests: testCountsSchema.extend({ collected: count }),
  /** Tests running now. */
  running: z.array(z.string()),
  /** What runs when no test does: a file starting, a beforeAll or afterAll hook. */
  activity: z.string().optional(),
  finished: z.boolean(),
});
export type SuiteProgress = z.output<typeof suiteProgressSchema>;

/** `stopped`: ended early by bad input or the infrastructure (the doctor, an error); `current` says why. */
/**
 * The test a worker is running, written by the worker itself (fixtures/progress-current.ts)
 * when it starts and ends a test: vitest's own events may reach the reporter only when the test
 * is over (its worker batches them, and a batch can wait for the next event).
 */
export const currentTestSchema = z.object({ name: z.string(), startedAt: z.string(), endedAt: z.string().optional() });
export type CurrentTest = z.output<typeof currentTestSchema>;

/** Where a worker writes its current test, beside the suite's progress file. */
export const currentTestFile = (progressFile: string): string => progressFile.replace(/\.json$/, '') + '-current.json';

export const runPhases = ['preparing', 'doctor', 'sweep', 'suites', 'reports', 'done', 'interrupted', 'stopped'] as const;
export type RunPhase = (typeof runPhases)[number];

/** all: every test of the chosen suites; grep: --grep; rerun: --rerun-failed. Only `all` runs serve as time estimates. */
export const selections = ['all', 'grep', 'rerun'] as const;
export type Selection = (typeof selections)[number];

export const suiteStates = ['pending', 'running', 'done', 'not-run'] as const;

export const previousDurationSchema = z.object({ runId: z.string(), durationMs: z.number().min(0), total: count.optional() });
export type PreviousDuration = z.output<typeof previousDurationSchema>;

export const runSuiteProgressSchema = z.object({
  project: z.string(),
  area: z.enum(gateAreas),
  state: z.enum(suiteStates),
  /** Tests that will run; absent while unknown (not collected yet). */
  total: count.optional(),
  tests: testCountsSchema,
  current: z.string().optional(),
  startedAt: z.string().optional(),
  durationMs: z.number().min(0).optional(),
  /** vitest's exit code once done; null when a signal ended it. */
  exitCode: z.int().nullable().optional(),
  /** The same suite's duration in an earlier run, the basis of the estimate. */
  previous: previousDurationSchema.optional(),
});
export type RunSuiteProgress = z.output<typeof runSuiteProgressSchema>;

export const runProgressSchema = z.object({
  schema: z.literal(progressSchemaVersion),
  runId: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  elapsedMs: z.number().min(0),
  phase: z.enum(runPhases),
  selection: z.enum(selections),
  /** The suite running now, 1-based, of `suites.length`; absent before the first and after the last. */
  suiteIndex: z.int().min(1).optional(),
  suites: z.array(runSuiteProgressSchema),
  /** Over every suite; `total` absent while any suite's is unknown. */
  totals: testCountsSchema.extend({ total: count.optional() }),
  /** The test or step running now. */
  current: z.string().optional(),
  /** Time left, from earlier runs' durations: `complete` false when some suite has none (then it is a lower bound). */
  remaining: z.object({ ms: z.number().min(0), complete: z.boolean(), basis: z.array(z.string()) }).optional(),
});
export type RunProgress = z.output<typeof runProgressSchema>;
