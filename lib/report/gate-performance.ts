/**
 * Performance area: is runsc's added start cost within budget?
 *
 * Per condition (one per harness concurrency level), in this order:
 * 1. INCONCLUSIVE (overload) when the load exceeded the configured limits: both runtimes slow
 *    down and the comparison says nothing about gVisor.
 * 2. INCONCLUSIVE (insufficient-data) when fewer than minSuccesses pairs succeeded; a rule whose
 *    whole 95 % interval lies beyond its limit still FAILs (enough to refute, not to pass).
 * 3. FAIL when a configured rule (performance.startRules) is broken, each on the upper 95 % CI
 *    bound (we must be confident the cost is below the limit, not merely that it might be):
 *      runtime-added-ms  runsc's added cost on the most precise clock (startCost: CRI phases,
 *                        else the probe's clock, else total) ≤ maxAddedStartMs (the default);
 *      total-added-ms    the user-visible total's delta ≤ maxAddedStartMs;
 *      total-ratio       the total's runsc/runc ratio ≤ maxStartOverheadRatio.
 *    The total's figures are reported beside the judged ones either way.
 * 4. PASS otherwise.
 * A configured concurrency level without a condition makes the area INCONCLUSIVE (no-data).
 *
 * Per workload (suites/workloads, beside the start): the runsc/runc ratio of the median
 * in-container time (the stamps, so pod start is excluded), its paired 95 % CI upper bound
 * ≤ performance.workloads.maxRatio; fewer than performance.workloads.minSuccesses pairs is
 * INCONCLUSIVE (insufficient-data), unless the whole interval is above the limit (FAIL). A
 * workload not timed because it differs under runsc is listed, not judged: the compatibility
 * area fails it. Which parts are judged follows the suites that ran (`parts`).
 *
 * Sandbox resource overhead (suites/workloads/sandbox-overhead.test.ts): shown with its
 * recommended RuntimeClass overhead.podFixed, never held against a threshold; but a measurement
 * with errors (a pod whose processes were not found on its node, a reading that stopped) FAILs:
 * a running runsc pod without its Sentry on the node is not what its RuntimeClass claims, and a
 * missing figure must not read as a small one. One that did not finish (a pod never started)
 * is INCONCLUSIVE (infrastructure). The last measurement of the run counts.
 */
import { classifyOverload, type LoadLimits } from '../load/timeout-model.js';
import type { PerformanceThresholds, StartRule } from '../config/schema.js';
import { conditionData } from '../perf/conditions.js';
import type { BootstrapResult } from '../stats/bootstrap.js';
import { clockTitle } from '../stats/start-cost.js';
import { totalStartPhase, type ConditionResult, type GateFigure, type PerformanceAreaResult, type PerformanceCondition, type SandboxOverhead, type SandboxOverheadResult, type WorkloadPerformance, type WorkloadPerformanceResult } from './gate-schema.js';
import { Judgement } from './gate-verdicts.js';

const f0 = (x: number): string => x.toFixed(0);
const f3 = (x: number): string => x.toFixed(3);

/**
 * Fewest rounds a block bootstrap's interval is judged on. Resampling whole rounds, one round
 * gives a zero-width interval and two or three only 3 or 10 distinct resamples; four give 35.
 * A CI with fewer blocks is reported, never judged either way.
 */
export const minBlocks = 4;

export type StartCostRecord = NonNullable<PerformanceCondition['startCost']>;

/** The judged start cost; a record from before the clock choice is judged on its total. */
export function startCostOf(c: PerformanceCondition): StartCostRecord | undefined {
  if (c.startCost) return c.startCost;
  if (!c.delta || !c.ratio) return undefined;
  return { clock: 'total', phase: totalStartPhase, n: c.successes, delta: c.delta, ratio: c.ratio, why: 'recorded before the clock choice existed: the user-visible total' };
}

interface RuleCheck {
  rule: StartRule;
  /** What is bounded, as a reason's subject. */
  subject: string;
  figure: string;
  ci: BootstrapResult;
  unit: 'ms' | 'ratio';
  limit: number;
}

const fmt = (unit: 'ms' | 'ratio', x: number): string => (unit === 'ms' ? f0(x) : f3(x));
const withCi = (k: RuleCheck): string => `${fmt(k.unit, k.ci.estimate)}${k.unit === 'ms' ? ' ms' : ''} [${fmt(k.unit, k.ci.lo)}, ${fmt(k.unit, k.ci.hi)}]`;
const limitText = (k: RuleCheck): string => `${k.limit}${k.unit === 'ms' ? ' ms' : ''}`;

/** Each start rule with the interval it bounds; a rule whose figure is missing is absent. */
function ruleChecks(c: PerformanceCondition, t: PerformanceThresholds): RuleCheck[] {
  const cost = startCostOf(c);
  const all: (RuleCheck | undefined)[] = [
    cost && { rule: 'runtime-added-ms', subject: `runsc's added start cost on ${clockTitle[cost.clock]} (${cost.phase})`, figure: `added start cost CI upper bound (${cost.phase})`, ci: cost.delta, unit: 'ms', limit: t.maxAddedStartMs },
    c.delta && { rule: 'total-added-ms', subject: 'the user-visible start delta (total)', figure: 'total delta CI upper bound', ci: c.delta, unit: 'ms', limit: t.maxAddedStartMs },
    c.ratio && { rule: 'total-ratio', subject: 'the runsc/runc median ratio of the total', figure: 'total ratio CI upper bound', ci: c.ratio, unit: 'ratio', limit: t.maxStartOverheadRatio },
  ];
  return all.filter((k): k is RuleCheck => k !== undefined);
}

/** The total's figures when no rule judges them: reported, unjudged. */
function unjudgedTotals(c: PerformanceCondition, rules: readonly StartRule[]): GateFigure[] {
  const out: GateFigure[] = [];
  if (c.delta && !rules.includes('total-added-ms')) out.push({ name: 'total delta (unjudged)', value: c.delta.estimate, unit: 'ms' });
  if (c.ratio && !rules.includes('total-ratio')) out.push({ name: 'total ratio CI upper bound (unjudged)', value: c.ratio.hi, unit: 'ratio' });
  return out;
}

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
  const { minSuccesses } = conditionData(c.name, t);
  if (c.successes < minSuccesses) {
    j.inconclusiveBecause('insufficient-data', `${c.name}: ${c.successes} of ${c.pairs} pairs succeeded, fewer than the ${minSuccesses} needed`);
  }
  const configured = ruleChecks(c, t).filter((k) => t.startRules.includes(k.rule));
  const fewRounds = configured.filter((k) => k.ci.blocks !== undefined && k.ci.blocks < minBlocks);
  for (const k of fewRounds) {
    j.inconclusiveBecause('insufficient-data', `${c.name}: ${k.rule} rests on only ${k.ci.blocks} round(s) of ${c.concurrency} pods, fewer than the ${minBlocks} independent rounds a confidence interval needs`);
  }
  const checks = configured.filter((k) => !fewRounds.includes(k));
  const missing = t.startRules.filter((r) => !configured.some((k) => k.rule === r));
  if (missing.length > 0) j.inconclusiveBecause('insufficient-data', `${c.name}: no confidence interval for ${missing.join(', ')} was computed`);
  const figures: GateFigure[] = [
    ...checks.map((k): GateFigure => ({ name: k.figure, value: k.ci.hi, unit: k.unit, limit: k.limit, ok: k.ci.hi <= k.limit })),
    ...fewRounds.map((k): GateFigure => ({ name: `${k.figure} (too few rounds, unjudged)`, value: k.ci.hi, unit: k.unit })),
    ...unjudgedTotals(c, t.startRules),
    { name: 'successful pairs', value: c.successes, unit: 'count' },
  ];
  const judgeable = j.verdict === 'PASS';
  for (const k of checks) {
    if (judgeable && k.ci.hi > k.limit) j.fail(`${c.name}: ${k.subject} ${withCi(k)} above ${limitText(k)} at its upper bound`);
    // Too few pairs cannot prove the claim, but can refute it: the whole 95 % interval beyond the limit.
    else if (!judgeable && overload.state !== 'overloaded' && k.ci.lo > k.limit) {
      j.fail(`${c.name}: ${k.subject} ${withCi(k)} above ${limitText(k)} even at its 95 % lower bound, with only ${c.successes} pairs: enough to refute the claim, not to pass it`);
    }
  }
  return { ...c, ...j.result(), overload, figures };
}

/** The area's headline: each judged figure's worst value among the conditions that were judged (not inconclusive). */
function worstFigures(results: readonly ConditionResult[]): GateFigure[] {
  const judged = results.filter((r) => r.verdict !== 'INCONCLUSIVE');
  const worst = new Map<string, GateFigure>();
  for (const f of judged.flatMap((r) => r.figures)) {
    if (f.limit === undefined) continue;
    // The clock may differ by condition; the headline names the bound, not the phase.
    const name = `worst ${f.name.replace(/ \(.*\)$/, '')}`;
    const seen = worst.get(name);
    if (!seen || f.value > seen.value) worst.set(name, { ...f, name });
  }
  return [...worst.values()];
}

/** A rule and its limit, in words. */
export function ruleLimitText(rule: StartRule, t: PerformanceThresholds): string {
  if (rule === 'runtime-added-ms') return `+${t.maxAddedStartMs} ms of runtime start cost`;
  if (rule === 'total-added-ms') return `+${t.maxAddedStartMs} ms of total start`;
  return `${t.maxStartOverheadRatio}× total start`;
}

const ratioText = (b: { estimate: number; lo: number; hi: number }): string => `${f3(b.estimate)} [${f3(b.lo)}, ${f3(b.hi)}]`;

/** One workload's in-container time ratio against performance.workloads. */
export function judgeWorkload(w: WorkloadPerformance, t: PerformanceThresholds): WorkloadPerformanceResult {
  const j = new Judgement();
  const { maxRatio, minSuccesses } = t.workloads;
  const label = `${w.workload} (${w.stresses})`;
  if (w.notMeasured !== undefined) return { ...w, verdict: 'PASS', causes: [], reasons: [], figures: [] };
  if (w.successes < minSuccesses) j.inconclusiveBecause('insufficient-data', `${label}: ${w.successes} of ${w.pairs} pairs met the expectation under both runtimes, fewer than the ${minSuccesses} needed`);
  if (!w.ratio) j.inconclusiveBecause('insufficient-data', `${label}: no confidence interval of the ratio was computed`);
  const figures: GateFigure[] = [
    ...(w.ratio ? [{ name: 'in-container time ratio CI upper bound', value: w.ratio.hi, unit: 'ratio' as const, limit: maxRatio, ok: w.ratio.hi <= maxRatio }] : []),
    { name: 'successful pairs', value: w.successes, unit: 'count' },
  ];
  if (w.ratio) {
    const subject = `${label}: runsc/runc in-container time ${ratioText(w.ratio)}`;
    if (j.verdict === 'PASS' && w.ratio.hi > maxRatio) j.fail(`${subject} above ${maxRatio}× at its upper bound`);
    else if (j.verdict !== 'PASS' && w.ratio.lo > maxRatio) j.fail(`${subject} above ${maxRatio}× even at its 95 % lower bound, with only ${w.successes} pairs: enough to refute the claim, not to pass it`);
  }
  return { ...w, ...j.result(), figures };
}

/** The overhead measurement: informative, except that one with errors FAILs (each error a reason). */
export function judgeOverhead(o: SandboxOverhead): SandboxOverheadResult {
  const j = new Judgement();
  for (const e of o.errors) j.fail(`sandbox overhead: ${e}`);
  if (o.stopped !== undefined) j.inconclusiveBecause('infrastructure', `sandbox overhead: the measurement did not finish: ${o.stopped}`);
  else if (o.errors.length === 0 && !o.recommendation) j.fail('sandbox overhead: no recommendation, since not both runtimes had a pod measured');
  return { ...o, ...j.result() };
}

/** Which parts of the area a run measured: pod start (the performance suite), workloads (the workloads suite). */
export interface PerformanceParts {
  start: boolean;
  workloads: boolean;
}

export function judgePerformance(
  conditions: readonly PerformanceCondition[],
  t: PerformanceThresholds,
  limits: LoadLimits,
  workloads: readonly WorkloadPerformance[] = [],
  parts: PerformanceParts = { start: true, workloads: true },
  overheads: readonly SandboxOverhead[] = [],
): PerformanceAreaResult {
  const j = new Judgement();
  const notes: string[] = [];
  const results = conditions.map((c) => judgeCondition(c, t, limits));
  for (const r of results) {
    j.absorb(r);
    j.reasons.push(...r.reasons);
  }
  if (parts.start) {
    if (results.length === 0) j.inconclusiveBecause('no-data', 'no performance conditions were measured');
    for (const level of t.concurrency) {
      if (!conditions.some((c) => c.concurrency === level)) j.inconclusiveBecause('no-data', `no condition measured at concurrency ${level}`);
    }
  } else if (results.length === 0) notes.push('pod start not measured in this run (the performance suite did not run)');
  notes.push(...conditions.flatMap(sliNotes));
  const judgedWorkloads = workloads.map((w) => judgeWorkload(w, t));
  for (const r of judgedWorkloads) {
    j.absorb(r);
    j.reasons.push(...r.reasons);
  }
  for (const w of workloads) if (w.notMeasured !== undefined) notes.push(`${w.workload}: not timed: ${w.notMeasured}`);
  const timed = judgedWorkloads.filter((w) => w.notMeasured === undefined);
  if (parts.workloads && timed.length === 0) j.inconclusiveBecause('no-data', 'no workload was timed');
  else if (!parts.workloads && workloads.length === 0) notes.push('workloads not timed in this run (the workloads suite did not run)');
  const last = overheads.at(-1);
  const overhead = last && judgeOverhead(last);
  if (overhead) {
    j.absorb(overhead);
    j.reasons.push(...overhead.reasons);
    const r = overhead.recommendation;
    if (r) notes.push(`recommended RuntimeClass ${overhead.runtimeClass} overhead.podFixed: cpu ${r.cpuMillicores}m, memory ${r.memoryMi}Mi (informative; ${r.rule})`);
  } else if (parts.workloads) notes.push('sandbox resource overhead not measured in this run');
  if (j.verdict === 'PASS') {
    if (results.length > 0) j.reasons.push(`${results.length} condition(s) within ${t.startRules.map((r) => ruleLimitText(r, t)).join(' and ')}`);
    if (timed.length > 0) j.reasons.push(`${timed.length} workload(s) within ${t.workloads.maxRatio}× of runc's in-container time`);
  }
  return { ...j.result(), figures: [...worstFigures(results), ...worstWorkloadFigures(judgedWorkloads)], notes, conditions: results, workloads: judgedWorkloads, ...(overhead && { overhead }) };
}

/** The headline of the workloads: the worst ratio upper bound among those judged. */
function worstWorkloadFigures(results: readonly WorkloadPerformanceResult[]): GateFigure[] {
  const judged = results.filter((r) => r.verdict !== 'INCONCLUSIVE' && r.notMeasured === undefined);
  let worst: GateFigure | undefined;
  for (const f of judged.flatMap((r) => r.figures)) {
    if (f.limit === undefined) continue;
    if (!worst || f.value > worst.value) worst = { ...f, name: 'worst workload time ratio CI upper bound' };
  }
  return worst ? [worst] : [];
}
