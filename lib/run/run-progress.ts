/**
 * The progress of one `gauntlet run`: its phase, each suite's counts (polled from the running
 * vitest's progress file, lib/run/progress-reporter.ts), the time left; rewritten atomically
 * to reports/<run-id>/progress.json every progressRefreshMs and shown by a ProgressDisplay.
 */
import { readFileSync } from 'node:fs';
import type { SuiteOutcome } from '../report/gate-schema.js';
import { areaOfProject, type SuiteProject } from '../report/suite-outcome.js';
import { progressRefreshMs } from '../timeouts.js';
import { writeFileAtomic } from './atomic-write.js';
import type { ProgressDisplay } from './progress-display.js';
import { estimateRemaining } from './progress-estimate.js';
import { currentTestFile, currentTestSchema, noTests, progressSchemaVersion, suiteProgressSchema, type CurrentTest, type PreviousDuration, type RunPhase, type RunProgress, type RunSuiteProgress, type Selection, type SuiteProgress } from './progress-schema.js';

/**
 * Pure: what a suite's progress file says, folded into its entry; `planned` is the plan's count
 * of its tests; `worker` the test the worker says it runs (it knows first: see CurrentTest).
 */
export function withSuiteProgress(s: RunSuiteProgress, sp: SuiteProgress, planned: number | undefined, worker?: CurrentTest): RunSuiteProgress {
  // Once every file is collected vitest's own count is exact; before, the plan's is the better guess.
  const allCollected = sp.files.total > 0 && sp.files.collected >= sp.files.total;
  const total = allCollected ? sp.tests.collected : Math.max(planned ?? 0, sp.tests.collected) || undefined;
  const first = sp.running[0];
  const fromEvents = first !== undefined ? (sp.running.length > 1 ? `${first} (+${sp.running.length - 1} more)` : first) : sp.activity;
  const current = worker && worker.endedAt === undefined && !sp.finished ? worker.name : fromEvents;
  const { collected: _collected, ...tests } = sp.tests;
  const { current: _current, total: _total, ...rest } = s;
  return { ...rest, tests, ...(total !== undefined && { total }), ...(current !== undefined && { current }) };
}

/** Pure: the run-wide figures from the suites' entries, at `nowMs`. */
export function withTotals(p: RunProgress, nowMs: number): RunProgress {
  const sum = (k: keyof typeof noTests): number => p.suites.reduce((n, s) => n + s.tests[k], 0);
  const totalKnown = p.suites.every((s) => s.total !== undefined || s.state === 'not-run');
  const running = p.suites.find((s) => s.state === 'running');
  const remaining = estimateRemaining(p.suites, nowMs);
  const { remaining: _r, current: _c, ...rest } = p;
  return {
    ...rest,
    updatedAt: new Date(nowMs).toISOString(),
    elapsedMs: Math.max(0, nowMs - Date.parse(p.startedAt)),
    totals: { done: sum('done'), passed: sum('passed'), failed: sum('failed'), skipped: sum('skipped'), ...(totalKnown && { total: p.suites.reduce((n, s) => n + (s.total ?? 0), 0) }) },
    ...(running?.current !== undefined ? { current: running.current } : p.current !== undefined && p.phase !== 'suites' ? { current: p.current } : {}),
    ...(remaining && { remaining }),
  };
}

/** A file another process writes atomically; undefined while it is absent or not what it should be. */
function readJson<T>(file: string, schema: { safeParse(x: unknown): { success: true; data: T } | { success: false } }): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export interface RunProgressOptions {
  runId: string;
  /** reports/<run-id>/progress.json */
  file: string;
  projects: readonly SuiteProject[];
  selection: Selection;
  /** Tests each suite will run, from the plan (lib/run/test-plan.ts), where known. */
  planned?: Partial<Record<SuiteProject, number>>;
  previous?: ReadonlyMap<string, PreviousDuration>;
  display: ProgressDisplay;
  now?: () => number;
}

export class RunProgressTracker {
  private state: RunProgress;
  private suiteFile: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private finished = false;
  private readonly now: () => number;
  private planned: Partial<Record<SuiteProject, number>>;

  constructor(private readonly o: RunProgressOptions) {
    this.now = o.now ?? Date.now;
    this.planned = o.planned ?? {};
    const at = new Date(this.now()).toISOString();
    this.state = {
      schema: progressSchemaVersion,
      runId: o.runId,
      startedAt: at,
      updatedAt: at,
      elapsedMs: 0,
      phase: 'preparing',
      selection: o.selection,
      suites: o.projects.map((p) => this.entryFor(p)),
      totals: { ...noTests },
    };
  }

  private entryFor(project: SuiteProject): RunSuiteProgress {
    const planned = this.planned[project];
    const previous = this.o.previous?.get(project);
    return { project, area: areaOfProject[project], state: 'pending', tests: { ...noTests }, ...(planned !== undefined && { total: planned }), ...(previous && { previous }) };
  }

  /** Once the tests are planned (lib/run/select-tests.ts): the suites that will run, what they run, how many tests. */
  plan(projects: readonly SuiteProject[], selection: Selection, planned: Partial<Record<SuiteProject, number>>): void {
    this.planned = planned;
    this.state = { ...this.state, selection, suites: projects.map((p) => this.entryFor(p)) };
    this.tick();
  }

  get progress(): RunProgress {
    return this.state;
  }

  /** Starts the periodic refresh (unref'd: it never keeps the process alive). */
  start(): this {
    this.tick();
    this.timer = setInterval(() => this.tick(), progressRefreshMs);
    this.timer.unref();
    return this;
  }

  phase(phase: RunPhase, current?: string): void {
    const { current: _c, ...rest } = this.state;
    this.state = { ...rest, phase, ...(current !== undefined && { current }) };
    this.tick();
  }

  suiteStarted(project: SuiteProject, suiteFile: string): void {
    this.suiteFile = suiteFile;
    const index = this.state.suites.findIndex((s) => s.project === project);
    this.state = { ...this.state, phase: 'suites', suiteIndex: index + 1 };
    this.update(project, (s) => ({ ...s, state: 'running', startedAt: new Date(this.now()).toISOString() }));
    this.tick();
  }

  suiteEnded(project: SuiteProject, outcome: SuiteOutcome): void {
    this.pollSuite();
    this.suiteFile = undefined;
    const { suiteIndex: _i, ...rest } = this.state;
    this.state = rest;
    this.update(project, ({ current: _c, ...s }) => ({ ...s, state: 'done', durationMs: outcome.durationMs, exitCode: outcome.exitCode }));
    this.tick();
  }

  notRun(projects: readonly string[]): void {
    for (const p of projects) this.update(p, (s) => ({ ...s, state: 'not-run' }));
    this.tick();
  }

  /** The last write: the run ended, was interrupted, or stopped early (`why`). */
  finish(phase: 'done' | 'interrupted' | 'stopped', why?: string): void {
    if (this.finished) return;
    this.finished = true;
    clearInterval(this.timer);
    this.timer = undefined;
    const { current: _c, suiteIndex: _i, ...rest } = this.state;
    this.state = { ...rest, phase, suites: rest.suites.map((s) => (s.state === 'running' ? { ...s, state: 'not-run' } : s)), ...(why !== undefined && { current: why }) };
    this.tick();
  }

  /** Read the running suite's file, recompute, write progress.json, show it. */
  tick(): void {
    this.pollSuite();
    this.state = withTotals(this.state, this.now());
    try {
      writeFileAtomic(this.o.file, `${JSON.stringify(this.state, null, 2)}\n`);
    } catch (err) {
      this.o.display.log(`[progress] could not write ${this.o.file}: ${(err as Error).message}`);
    }
    this.o.display.update(this.state);
  }

  private pollSuite(): void {
    const index = this.state.suiteIndex;
    if (!this.suiteFile || index === undefined) return;
    // Absent until vitest has started (and the worker its first test).
    const sp = readJson(this.suiteFile, suiteProgressSchema);
    if (!sp) return;
    const project = this.state.suites[index - 1]?.project;
    if (project === undefined) return;
    const worker = readJson(currentTestFile(this.suiteFile), currentTestSchema);
    this.update(project, (s) => withSuiteProgress(s, sp, this.planned[project as SuiteProject], worker));
  }

  private update(project: string, f: (s: RunSuiteProgress) => RunSuiteProgress): void {
    this.state = { ...this.state, suites: this.state.suites.map((s) => (s.project === project ? f(s) : s)) };
  }
}
