/**
 * Judges a pod start after a fault against the load-aware budget (lib/load/timeout-model.ts):
 * the cluster's own runc baseline, stretched by the load measured at that moment. An
 * overloaded cluster makes the verdict inconclusive instead of failing the runtime.
 */
import type { Kube } from '../kube/client.js';
import { describeLoad, sampleLoad } from '../load/sampler.js';
import { classifyOverload, startBudget, verdictFor, type BudgetVerdict, type StartBudget } from '../load/timeout-model.js';

export interface JudgedStart {
  startMs: number;
  budget: StartBudget;
  verdict: BudgetVerdict;
  /** One line for notes and messages. */
  summary: string;
}

export async function budgetNow(kube: Kube, baselineMs: readonly number[], harnessConcurrency = 1): Promise<{ budget: StartBudget; overload: ReturnType<typeof classifyOverload> }> {
  const { snapshot } = await sampleLoad(kube, { harnessConcurrency });
  return { budget: startBudget(baselineMs, snapshot), overload: classifyOverload(snapshot) };
}

export function judgeStart(startMs: number, b: { budget: StartBudget; overload: ReturnType<typeof classifyOverload> }): JudgedStart {
  const verdict = verdictFor(startMs, b.budget, b.overload);
  return {
    startMs,
    budget: b.budget,
    verdict,
    summary: `start ${Math.round(startMs)} ms vs budget ${b.budget.budgetMs} ms (runc p95 ${Math.round(b.budget.baselineP95Ms)} ms × 2 × load factor ${b.budget.factor.toFixed(2)}; ${describeLoad(b.budget.load)})${b.overload.state === 'overloaded' ? `; overloaded: ${b.overload.reasons.join(', ')}` : ''} → ${verdict}`,
  };
}
