/**
 * Performance area: is runsc's start overhead within the budget ("no degradation > 20 %")?
 *
 * Per condition (one per harness concurrency level), in this order:
 * 1. INCONCLUSIVE (overload) when the load exceeded the configured limits: both runtimes slow
 *    down and the comparison says nothing about gVisor.
 * 2. INCONCLUSIVE (insufficient-data) when fewer than minSuccesses pairs succeeded.
 * 3. FAIL when the upper 95 % CI bound of the median ratio exceeds maxStartOverheadRatio
 *    (we must be confident the overhead is below the limit, not merely that it might be), or
 *    when the median delta exceeds maxAddedStartMs.
 * 4. PASS otherwise.
 * A configured concurrency level without a condition makes the area INCONCLUSIVE (no-data).
 */
import { classifyOverload, type LoadLimits } from '../load/timeout-model.js';
import type { PerformanceThresholds } from '../config/schema.js';
import { totalStartPhase, type ConditionResult, type GateFigure, type PerformanceAreaResult, type PerformanceCondition } from './gate-schema.js';
import { Judgement } from './gate-verdicts.js';

const f0 = (x: number): string => x.toFixed(0);
const f3 = (x: number): string => x.toFixed(3);

/** Below this share of the kubelet's own SLI p50 our end-to-end p50 is implausible (ours spans more). */
const sliPlausibility = 0.8;

function sliNotes(c: PerformanceCondition): string[] {
  const notes: string[] = [];
  for (const rt of ['runc', 'runsc'] as const) {
    const sli = c.kubeletSli?.[rt];
    const ours = c.phases[rt][totalStartPhase];
    if (sli && ours && sli.count > 0 && ours.p50 < sli.p50Ms * sliPlausibility) {
      notes.push(
        `${c.name}: ${rt} measured p50 ${f0(ours.p50)} ms is below the kubelet SLI p50 ${f0(sli.p50Ms)} ms; check the launcher's phase timing`,
      );
    }
  }
  return notes;
}

export function judgeCondition(c: PerformanceCondition, t: PerformanceThresholds, limits: LoadLimits): ConditionResult {
  const j = new Judgement();
  const overload = classifyOverload(c.load, limits);
  if (overload.state === 'overloaded') {
    j.inconclusiveBecause('overload', `${c.name}: cluster overloaded (${overload.reasons.join('; ')})`);
  }
  if (c.successes < t.minSuccesses) {
    j.inconclusiveBecause('insufficient-data', `${c.name}: ${c.successes} of ${c.pairs} pairs succeeded, fewer than the ${t.minSuccesses} needed`);
  }
  const figures: GateFigure[] = [{ name: 'successful pairs', value: c.successes, unit: 'count' }];
  const { ratio, delta } = c;
  if (!ratio || !delta) {
    j.inconclusiveBecause('insufficient-data', `${c.name}: no ratio or delta confidence interval was computed`);
  } else {
    const ratioOk = ratio.hi <= t.maxStartOverheadRatio;
    const deltaOk = delta.estimate <= t.maxAddedStartMs;
    figures.unshift(
      { name: 'ratio CI upper bound', value: ratio.hi, unit: 'ratio', limit: t.maxStartOverheadRatio, ok: ratioOk },
      { name: 'median delta', value: delta.estimate, unit: 'ms', limit: t.maxAddedStartMs, ok: deltaOk },
    );
    if (j.verdict === 'PASS') {
      if (!ratioOk) {
        j.fail(`${c.name}: runsc/runc median ratio ${f3(ratio.estimate)} [${f3(ratio.lo)}, ${f3(ratio.hi)}]: upper bound above ${t.maxStartOverheadRatio}`);
      }
      if (!deltaOk) j.fail(`${c.name}: median start delta ${f0(delta.estimate)} ms above ${t.maxAddedStartMs} ms`);
    } else if (overload.state !== 'overloaded') {
      // Too few pairs cannot prove the claim, but can refute it: the whole 95 % interval beyond the limit.
      const few = `with only ${c.successes} pairs: enough to refute the claim, not to pass it`;
      if (delta.lo > t.maxAddedStartMs) j.fail(`${c.name}: median start delta ${f0(delta.estimate)} ms [${f0(delta.lo)}, ${f0(delta.hi)}] above ${t.maxAddedStartMs} ms even at its 95 % lower bound, ${few}`);
      else if (ratio.lo > t.maxStartOverheadRatio) j.fail(`${c.name}: runsc/runc median ratio ${f3(ratio.estimate)} [${f3(ratio.lo)}, ${f3(ratio.hi)}] above ${t.maxStartOverheadRatio} even at its 95 % lower bound, ${few}`);
    }
  }
  return { ...c, ...j.result(), overload, figures };
}

/** The area's headline: the worst figures among the conditions that were judged (not inconclusive). */
function worstFigures(results: readonly ConditionResult[], t: PerformanceThresholds): GateFigure[] {
  const judged = results.filter((r) => r.verdict !== 'INCONCLUSIVE');
  const ratios = judged.flatMap((r) => (r.ratio ? [r.ratio.hi] : []));
  const deltas = judged.flatMap((r) => (r.delta ? [r.delta.estimate] : []));
  if (ratios.length === 0 || deltas.length === 0) return [];
  const ratio = Math.max(...ratios);
  const delta = Math.max(...deltas);
  return [
    { name: 'worst ratio CI upper bound', value: ratio, unit: 'ratio', limit: t.maxStartOverheadRatio, ok: ratio <= t.maxStartOverheadRatio },
    { name: 'worst median delta', value: delta, unit: 'ms', limit: t.maxAddedStartMs, ok: delta <= t.maxAddedStartMs },
  ];
}

export function judgePerformance(
  conditions: readonly PerformanceCondition[],
  t: PerformanceThresholds,
  limits: LoadLimits,
): PerformanceAreaResult {
  const j = new Judgement();
  const results = conditions.map((c) => judgeCondition(c, t, limits));
  for (const r of results) {
    j.absorb(r);
    j.reasons.push(...r.reasons);
  }
  if (results.length === 0) j.inconclusiveBecause('no-data', 'no performance conditions were measured');
  for (const level of t.concurrency) {
    if (!conditions.some((c) => c.concurrency === level)) j.inconclusiveBecause('no-data', `no condition measured at concurrency ${level}`);
  }
  const notes = conditions.flatMap(sliNotes);
  if (j.verdict === 'PASS') j.reasons.push(`${results.length} condition(s) within ${t.maxStartOverheadRatio}× and +${t.maxAddedStartMs} ms`);
  return { ...j.result(), figures: worstFigures(results, t), notes, conditions: results };
}
