/**
 * Runs one chaos scenario body and hands its outcome to the gate (recordResilience): the
 * figures it measured, the results it lost, its notes; passed only if the body finished.
 * An InfrastructureError (the fault could not be injected, a node never came back) is
 * recorded as such, so the gate calls the scenario inconclusive rather than failed.
 */
import { InfrastructureError } from '../../lib/errors.js';
import { recordResilience } from '../../lib/report/record.js';
import type { Runtime } from '../../lib/runtimes.js';

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
