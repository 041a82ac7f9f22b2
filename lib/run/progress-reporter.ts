/**
 * A vitest reporter that keeps one file with this vitest process's progress: files and tests
 * collected, done, passed, failed, skipped, and what runs now. `gauntlet run` names the file in
 * GAUNTLET_PROGRESS_FILE and polls it (lib/run/run-progress.ts); without it the reporter does
 * nothing, so `npm test` and plain vitest runs are unchanged. It writes nothing to the console.
 */
import { relative } from 'node:path';
import type { ReportedHookContext, Reporter, TestCase, TestModule, TestSpecification, Vitest } from 'vitest/node';
import { suiteProgressWriteMs } from '../timeouts.js';
import { writeFileAtomic } from './atomic-write.js';
import type { SuiteProgress } from './progress-schema.js';
import { grepName, willRun } from './test-names.js';

export const progressFileVar = 'GAUNTLET_PROGRESS_FILE';

export class ProgressReporter implements Reporter {
  private readonly file: string | undefined;
  private root = process.cwd();
  private project = '';
  private filesTotal = 0;
  private readonly collected = new Map<string, number>(); // module id → tests that will run
  private readonly filesDone = new Set<string>();
  private readonly results = new Map<string, 'passed' | 'failed' | 'skipped'>(); // test id → state
  private readonly running = new Map<string, string>(); // test id → name
  private activity: string | undefined;
  private finished = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.file = env[progressFileVar] || undefined;
  }

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
    this.project = vitest.projects.map((p) => p.name).join(',');
  }

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.filesTotal = new Set(specifications.map((s) => s.moduleId)).size;
    this.project = [...new Set(specifications.map((s) => s.project.name))].join(',') || this.project;
    this.changed();
  }

  onTestModuleCollected(module: TestModule): void {
    this.collected.set(module.moduleId, [...module.children.allTests()].filter(willRun).length);
    this.changed();
  }

  onTestModuleStart(module: TestModule): void {
    this.activity = `starting ${relative(this.root, module.moduleId)}`;
    this.changed();
  }

  onHookStart(hook: ReportedHookContext): void {
    // beforeEach and afterEach belong to a test that is already shown as running.
    if (hook.name === 'beforeAll' || hook.name === 'afterAll') {
      const where = hook.entity.type === 'module' ? relative(this.root, hook.entity.moduleId) : hook.entity.fullName.replace(/ > /g, ' ');
      this.activity = `${hook.name} of ${where}`;
      this.changed();
    }
  }

  onHookEnd(hook: ReportedHookContext): void {
    if (hook.name === 'beforeAll' || hook.name === 'afterAll') {
      this.activity = undefined;
      this.changed();
    }
  }

  onTestCaseReady(test: TestCase): void {
    this.running.set(test.id, grepName(test));
    this.changed();
  }

  onTestCaseResult(test: TestCase): void {
    this.running.delete(test.id);
    if (!willRun(test)) return;
    const state = test.result().state;
    if (state === 'passed' || state === 'failed' || state === 'skipped') this.results.set(test.id, state);
    this.changed();
  }

  onTestModuleEnd(module: TestModule): void {
    this.filesDone.add(module.moduleId);
    this.activity = undefined;
    this.changed();
  }

  onTestRunEnd(): void {
    this.finished = true;
    this.running.clear();
    this.activity = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    // Synchronously: vitest may exit right after its reporters return.
    this.write();
  }

  /** What the file holds now. */
  snapshot(now: Date = new Date()): SuiteProgress {
    const states = [...this.results.values()];
    const n = (s: string): number => states.filter((x) => x === s).length;
    return {
      project: this.project,
      updatedAt: now.toISOString(),
      files: { total: this.filesTotal, collected: this.collected.size, done: this.filesDone.size },
      tests: { collected: [...this.collected.values()].reduce((a, b) => a + b, 0), done: states.length, passed: n('passed'), failed: n('failed'), skipped: n('skipped') },
      running: [...this.running.values()],
      ...(this.activity !== undefined && { activity: this.activity }),
      finished: this.finished,
    };
  }

  /** Batches bursts of events (a file's tests often end within a millisecond) into one write. */
  private changed(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.write();
    }, suiteProgressWriteMs);
    this.timer.unref();
  }

  private write(): void {
    if (!this.file) return;
    try {
      writeFileAtomic(this.file, `${JSON.stringify(this.snapshot())}\n`);
    } catch (err) {
      // Progress is for people watching; a full disk must not fail the suite.
      process.stderr.write(`[progress] could not write ${this.file}: ${(err as Error).message}\n`);
    }
  }
}
