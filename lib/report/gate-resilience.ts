/**
 * Resilience area: do runsc workloads survive and recover from faults (containerd restart,
 * node loss, gVisor DaemonSet deletion), without losing results?
 *
 * Per scenario: INCONCLUSIVE (infrastructure) when the fault could not be injected or judged;
 * FAIL when it did not pass or a known figure exceeds its threshold
 * (containerd-recovery ≤ maxContainerdRecoveryMs, node-notready-detect ≤ maxNodeNotReadyDetectMs).
 * Area: FAIL also when the lost results of all scenarios together exceed maxLostResults;
 * INCONCLUSIVE (no-data) without scenarios. A scenario skipped for a missing optional permission
 * is listed with its reason and judged not at all: it neither fails the area nor supports its PASS.
 */
import type { ResilienceThresholds } from '../config/schema.js';
import {
  resilienceFigureNames,
  type ChaosMeshCell,
  type GateFigure,
  type ResilienceAreaResult,
  type ResilienceScenario,
  type ScenarioResult,
} from './gate-schema.js';
import { Judgement } from './gate-verdicts.js';

function limitFor(name: string, t: ResilienceThresholds): number | undefined {
  if (name === resilienceFigureNames.containerdRecovery) return t.maxContainerdRecoveryMs;
  if (name === resilienceFigureNames.nodeNotReadyDetect) return t.maxNodeNotReadyDetectMs;
  return undefined;
}

export function judgeScenario(s: ResilienceScenario, t: ResilienceThresholds): ScenarioResult {
  const j = new Judgement();
  const label = `${s.id} (${s.runtime})`;
  if (s.infrastructureProblem !== undefined) j.inconclusiveBecause('infrastructure', `${label}: could not be judged: ${s.infrastructureProblem}`);
  if (!s.passed && s.infrastructureProblem === undefined) j.fail(`${label}: failed`);
  const figures: GateFigure[] = s.figures.map((f) => {
    const limit = limitFor(f.name, t);
    if (limit === undefined) return { name: f.name, value: f.valueMs, unit: 'ms' };
    const ok = f.valueMs <= limit;
    if (!ok) j.fail(`${label}: ${f.name} took ${f.valueMs.toFixed(0)} ms, above ${limit} ms`);
    return { name: f.name, value: f.valueMs, unit: 'ms', limit, ok };
  });
  figures.push({ name: 'lost results', value: s.lostResults, unit: 'count' });
  return { ...s, ...j.result(), figures };
}

/** `chaosMesh`: the Chaos Mesh matrix's cells, carried into the area as a finding; they never change its verdict. */
export function judgeResilience(scenarios: readonly ResilienceScenario[], t: ResilienceThresholds, chaosMesh: readonly ChaosMeshCell[] = []): ResilienceAreaResult {
  const j = new Judgement();
  const skipped = scenarios.flatMap((s) => (s.skipped === undefined ? [] : [{ id: s.id, runtime: s.runtime, reason: s.skipped }]));
  const tried = scenarios.filter((s) => s.skipped === undefined);
  const results = tried.map((s) => judgeScenario(s, t));
  for (const r of results) {
    j.absorb(r);
    j.reasons.push(...r.reasons);
  }
  const lost = tried.reduce((sum, s) => sum + s.lostResults, 0);
  if (lost > t.maxLostResults) j.fail(`${lost} probe result(s) lost across scenarios (allowed ${t.maxLostResults})`);
  if (results.length === 0) j.inconclusiveBecause('no-data', 'no resilience scenarios were run');
  if (j.verdict === 'PASS') j.reasons.push(`${results.length} scenario(s) passed, ${lost} result(s) lost${skipped.length > 0 ? `; ${skipped.length} not tried (below), which this PASS does not cover` : ''}`);
  for (const s of skipped) j.reasons.push(`${s.id} (${s.runtime}) not tried: ${s.reason}`);
  return {
    ...j.result(),
    figures: [{ name: 'lost results', value: lost, unit: 'count', limit: t.maxLostResults, ok: lost <= t.maxLostResults }],
    notes: scenarios.flatMap((s) => s.notes.map((n) => `${s.id} (${s.runtime}): ${n}`)),
    scenarios: results,
    skipped,
    chaosMeshMatrix: [...chaosMesh],
  };
}
