/**
 * Runs one chaos scenario body and hands its outcome to the gate (recordResilience): the
 * figures it measured, the results it lost, its notes; passed only if the body finished.
 * An InfrastructureError (the fault could not be injected, a node never came back) is
 * recorded as such, so the gate calls the scenario inconclusive rather than failed.
 */
import { InfrastructureError } from '../../lib/errors.js';
import { recordResilience } from '../../lib/report/record.js';
import type { Kube } from '../../lib/kube/client.js';
import { missingFor, skipReason } from '../../lib/rbac/can-i.js';
import { runWasInterrupted } from '../../lib/run/interrupt-marker.js';
import type { Runtime } from '../../lib/runtimes.js';
import { permissionReviewMs } from '../../lib/timeouts.js';

export interface ScenarioLog {
  figure(name: string, valueMs: number): void;
  note(text: string): void;
  /** Results that should have arrived and did not. */
  lost(n: number): void;
}

export async function scenario(id: string, runtime: Runtime, body: (log: ScenarioLog) => Promise<void>): Promise<void> {
  const figures: { name: string; valueMs: number }[] = [];
  const notes: string[] = [];
  let lostResults = 0;
  const log: ScenarioLog = {
    figure: (name, valueMs) => {
      figures.push({ name, valueMs: Math.max(0, Math.round(valueMs)) });
      console.log(`[${id} ${runtime}] ${name}: ${Math.round(valueMs)} ms`);
    },
    note: (text) => {
      notes.push(text);
      console.log(`[${id} ${runtime}] ${text}`);
    },
    lost: (n) => {
      lostResults += n;
    },
  };
  try {
    await body(log);
  } catch (err) {
    // The interrupt's undo (fixtures/interrupt.ts) ended this scenario: not a result of the platform.
    if (runWasInterrupted()) throw err;
    const message = err instanceof Error ? err.message : String(err);
    recordResilience({
      id,
      runtime,
      passed: false,
      figures,
      lostResults,
      notes: [...notes, `failed: ${message.split('\n')[0] ?? ''}`],
      ...(err instanceof InfrastructureError ? { infrastructureProblem: message } : {}),
    });
    throw err;
  }
  recordResilience({ id, runtime, passed: true, figures, lostResults, notes });
}

/**
 * A scenario that needs an optional permission (lib/doctor/permissions.ts names it) is skipped
 * when this identity lacks it: recorded for the gate with the reason (not tried, never judged)
 * and the test is skipped with the same words.
 */
export async function skipUnlessPermitted(kube: Kube, skip: (note: string) => never, o: { id: string; runtimes: readonly Runtime[]; needs: string }): Promise<void> {
  const missing = await missingFor(kube, o.needs, permissionReviewMs);
  if (missing.length === 0) return;
  const reason = skipReason(o.needs, missing);
  for (const runtime of o.runtimes) recordResilience({ id: o.id, runtime, passed: false, figures: [], lostResults: 0, notes: [], skipped: reason });
  console.log(`[${o.id}] ${reason}`);
  skip(reason);
}
