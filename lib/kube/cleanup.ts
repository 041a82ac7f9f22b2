/**
 * A cleanup stack: register the undo of each create right after the create succeeds,
 * run them all in reverse order at the end. One failing step must not leave the
 * others undone, and an object that is already gone is not a failure.
 */
import { InfrastructureError } from '../errors.js';
import { describeKubeError, isNotFound } from './client.js';

export type CleanupFn = () => unknown;

export interface CleanupReport {
  /** Descriptions of steps that completed, in the order they ran. */
  done: string[];
  /** Steps whose object was already gone (404). */
  alreadyGone: string[];
  /** One InfrastructureError per failed step, each with the original error as `cause`. */
  failures: InfrastructureError[];
}

/**
 * Stacks of this process that still hold steps, oldest first: an interrupt (fixtures/interrupt.ts)
 * runs them all, newest first, so what is in flight is undone before the worker exits.
 */
const liveStacks = new Set<CleanupStack>();

export class CleanupStack {
  private readonly steps: { description: string; fn: CleanupFn }[] = [];

  /** Register the undo of something just created. Call it right after the create, not before. */
  register(description: string, fn: CleanupFn): void {
    this.steps.push({ description, fn });
    liveStacks.add(this);
  }

  /** Steps still waiting to run. */
  get size(): number {
    return this.steps.length;
  }

  /**
   * Run every step, last registered first, and empty the stack. Never throws:
   * failures are collected. A step registered while cleanup runs is run too.
   */
  async runAll(): Promise<CleanupReport> {
    const report: CleanupReport = { done: [], alreadyGone: [], failures: [] };
    for (let step = this.steps.pop(); step !== undefined; step = this.steps.pop()) {
      try {
        await step.fn();
        report.done.push(step.description);
      } catch (err) {
        if (isNotFound(err)) {
          report.alreadyGone.push(step.description);
          continue;
        }
        const reason = describeKubeError(err);
        report.failures.push(
          new InfrastructureError(
            `Cleanup step "${step.description}" failed: ${reason}`,
            'The object may be left behind; the sweep at the start of the next run removes leftovers of earlier runs.',
            { cause: err },
          ),
        );
      }
    }
    liveStacks.delete(this);
    return report;
  }

  /** `runAll`, then throw an AggregateError of the failures (cause: the first one) if any step failed. */
  async runAllOrThrow(): Promise<CleanupReport> {
    const report = await this.runAll();
    const error = cleanupError(report);
    if (error) throw error;
    return report;
  }
}

/** The failures of a cleanup as one AggregateError (cause: the first failure), or undefined if none. */
export function cleanupError(report: CleanupReport): AggregateError | undefined {
  if (report.failures.length === 0) return undefined;
  const total = report.done.length + report.alreadyGone.length + report.failures.length;
  return new AggregateError(
    report.failures,
    `Cleanup: ${report.failures.length} of ${total} steps failed: ${report.failures.map((f) => f.message).join('; ')}`,
    { cause: report.failures[0] },
  );
}

/**
 * Runs every stack of this process that still holds steps, newest stack first, each last step
 * first: faults end (a node started again, a shim put back), then agents and namespaces go.
 * `onReport` hears each stack's report. For interrupts; a normal run empties its stacks itself.
 */
export async function runLiveCleanups(onReport: (r: CleanupReport) => void = () => {}): Promise<CleanupReport[]> {
  const reports: CleanupReport[] = [];
  for (const stack of [...liveStacks].reverse()) {
    const r = await stack.runAll();
    onReport(r);
    reports.push(r);
  }
  return reports;
}
