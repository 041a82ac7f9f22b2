/**
 * Load-aware start budgets in use: the runc baseline calibrated at the start of a run, then one
 * budget per start from the load measured at that moment, and a verdict that says which load
 * set the budget. Replaces "a pod must start in 15 s" (lib/load/timeout-model.ts has the formula).
 */
import {
  classifyOverload,
  defaultLoadLimits,
  defaultTimeoutModelParams,
  startBudget,
  verdictFor,
  type BudgetVerdict,
  type LoadLimits,
  type LoadSnapshot,
  type OverloadClassification,
  type StartBudget,
  type TimeoutModelParams,
} from './timeout-model.js';

export interface StartJudgement {
  verdict: BudgetVerdict;
  observedMs: number;
  budget: StartBudget;
  overload: OverloadClassification;
}

/** Judges one start against the budget its load sets. A start that never happened is observedMs = Infinity. */
export function judgeStart(
  observedMs: number,
  baselineMs: readonly number[],
  load: LoadSnapshot,
  params: TimeoutModelParams = defaultTimeoutModelParams,
  limits: LoadLimits = defaultLoadLimits,
): StartJudgement {
  const budget = startBudget(baselineMs, load, params);
  const overload = classifyOverload(load, limits);
  return { verdict: verdictFor(observedMs, budget, overload), observedMs, budget, overload };
}

export interface VerdictCounts {
  pass: number;
  fail: number;
  inconclusive: number;
}

export function countVerdicts(judgements: readonly StartJudgement[]): VerdictCounts {
  const c: VerdictCounts = { pass: 0, fail: 0, inconclusive: 0 };
  for (const j of judgements) c[j.verdict]++;
  return c;
}

/** `1840 ms > budget 1500 ms (runc p95 700 ms × 2 × 1.07; cpu max 0.07, 0 pending, concurrency 1)`. */
export function describeJudgement(j: StartJudgement): string {
  const l = j.budget.load;
  const sign = j.verdict === 'fail' ? '>' : j.verdict === 'pass' ? '≤' : 'vs';
  const load = `cpu max ${l.cpuUtilization.max.toFixed(2)}, mem max ${l.memoryUtilization.max.toFixed(2)}, ${l.pendingPods} pending, concurrency ${l.harnessConcurrency}`;
  const over = j.overload.state === 'overloaded' ? `; overloaded: ${j.overload.reasons.join('; ')}` : '';
  return `${j.verdict}: ${j.observedMs.toFixed(0)} ms ${sign} budget ${j.budget.budgetMs} ms (runc p95 ${j.budget.baselineP95Ms.toFixed(0)} ms × factor ${j.budget.factor.toFixed(2)}; ${load}${over})`;
}
