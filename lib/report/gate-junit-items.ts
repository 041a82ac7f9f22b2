/**
 * The gate as CI test cases (junit-gate.xml): one per area and one per judged item, each with
 * how it stands. Pure. The per-attempt outcomes mirror judgeSecurity (gate-security.ts), whose
 * verdict is per area: an escape or a broken control fails, a hardened probe-invalid is
 * inconclusive, and what the gate reports without judging (runc's comparison, blocked
 * controls, unjudged blocks, the kernel attack surface, not-applicable cells) is not judged.
 */
import { describeFinding } from '../gvisor/runsc-flags.js';
import type { Runtime } from '../runtimes.js';
import { gateAreas, type GateArea, type GateVerdict } from '../vocabulary.js';
import { inScope } from './gate-markdown.js';
import {
  totalStartPhase,
  type CategoryCounts,
  type CompatibilityResult,
  type LimitResult,
  type WorkloadPerformanceResult,
  type SandboxOverheadResult,
  type ConditionResult,
  type Gate,
  type GateFigure,
  type GvisorConfig,
  type InconclusiveCause,
  type SandboxPosture,
  type ScenarioResult,
  type SecurityAttempt,
} from './gate-schema.js';
import { isJudged } from './gate-security.js';
import { startCostOf } from './gate-performance.js';

/** How an item stands. `not-judged`: tried or not, it is no verdict (JUnit <skipped>), never a PASS. */
export type ItemOutcome =
  | { status: 'passed' }
  | { status: 'failed'; reasons: string[] }
  | { status: 'inconclusive'; causes: InconclusiveCause[]; reasons: string[] }
  | { status: 'not-judged'; reason: string };

export interface GateItem {
  area: GateArea;
  kind: 'area' | 'condition' | 'category' | 'attempt' | 'gvisor-config' | 'posture' | 'scenario' | 'workload' | 'overhead' | 'limit';
  /** Unique within its area (a repeated name gets ` #2`, ...). */
  name: string;
  runtime?: Runtime;
  outcome: ItemOutcome;
  /** Name → value, in order: sample sizes, seeds, confidence intervals, figures and their limits. */
  properties: [string, string][];
  /** Notes for people (the gate's notes, an attempt's detail). */
  notes: string[];
}

const passed: ItemOutcome = { status: 'passed' };

/** A gate verdict with its reasons as an outcome. */
export function outcomeOf(j: { verdict: GateVerdict; causes: readonly InconclusiveCause[]; reasons: readonly string[] }): ItemOutcome {
  if (j.verdict === 'FAIL') return { status: 'failed', reasons: [...j.reasons] };
  if (j.verdict === 'INCONCLUSIVE') return { status: 'inconclusive', causes: [...j.causes], reasons: [...j.reasons] };
  return passed;
}

const num = (x: number): string => String(x);

/** A figure and its limit; ms stay ms, as in gate.json. */
function figureProperties(figures: readonly GateFigure[]): [string, string][] {
  return figures.flatMap((f): [string, string][] => {
    const name = f.unit === 'ms' ? `${f.name} (ms)` : f.name;
    return [[name, num(f.value)], ...(f.limit === undefined ? [] : ([[`${name} limit`, num(f.limit)]] as [string, string][]))];
  });
}

/** A bootstrap CI as properties: estimate, bounds, level, resamples, seed (and blocks). */
const ciProperties = (key: string, b: NonNullable<ConditionResult['delta']>): [string, string][] => [
  [`${key}.estimate`, num(b.estimate)],
  [`${key}.lo`, num(b.lo)],
  [`${key}.hi`, num(b.hi)],
  [`${key}.level`, num(b.level)],
  [`${key}.resamples`, num(b.resamples)],
  [`${key}.seed`, num(b.seed)],
  ...(b.blocks === undefined ? [] : ([[`${key}.blocks`, num(b.blocks)]] as [string, string][])),
];

function conditionItem(c: ConditionResult, t: Gate['thresholds']['performance']): GateItem {
  const ci = ciProperties;
  const cost = startCostOf(c);
  const starts = (['runc', 'runsc'] as const).flatMap((rt): [string, string][] => {
    const s = c.phases[rt][totalStartPhase];
    return s ? [[`${rt}.start.n`, num(s.n)], [`${rt}.start.p50 (ms)`, num(s.p50)], [`${rt}.start.p95 (ms)`, num(s.p95)]] : [];
  });
  return {
    area: 'performance',
    kind: 'condition',
    name: c.name,
    outcome: outcomeOf(c),
    properties: [
      ['concurrency', num(c.concurrency)],
      // n of the paired bootstrap: pairs where both starts succeeded.
      ['n', num(c.successes)],
      ['pairs', num(c.pairs)],
      ...(cost ? [['added-cost.clock', cost.clock], ['added-cost.phase', cost.phase], ...ci('added-cost-ms', cost.delta)] as [string, string][] : []),
      ...(c.delta ? ci('delta-ms', c.delta) : []),
      ...(c.ratio ? ci('ratio', c.ratio) : []),
      // The rules the gate holds them to (the condition's figures are these numbers again).
      ['rules', t.startRules.join(',')],
      ['added-ms.hi limit', num(t.maxAddedStartMs)],
      ['ratio.hi limit', num(t.maxStartOverheadRatio)],
      ...starts,
    ],
    notes: c.overload.state === 'overloaded' ? [`overloaded: ${c.overload.reasons.join('; ')}`] : [],
  };
}

/** A workload's in-container time ratio; one not timed (it differs under runsc) is no verdict here. */
function workloadPerformanceItem(w: WorkloadPerformanceResult, t: Gate['thresholds']['performance']): GateItem {
  const med = (rt: 'runc' | 'runsc'): [string, string][] => {
    const s = w[rt];
    return s ? [[`${rt}.work.n`, num(s.n)], [`${rt}.work.p50 (ms)`, num(s.p50)]] : [];
  };
  return {
    area: 'performance',
    kind: 'workload',
    name: `workload ${w.workload}`,
    outcome: w.notMeasured !== undefined ? { status: 'not-judged', reason: `not timed: ${w.notMeasured}` } : outcomeOf(w),
    properties: [
      ['stresses', w.stresses],
      ['n', num(w.successes)],
      ['pairs', num(w.pairs)],
      ...(w.ratio ? ciProperties('ratio', w.ratio) : []),
      ['ratio.hi limit', num(t.workloads.maxRatio)],
      ...med('runc'),
      ...med('runsc'),
    ],
    notes: [...w.failures],
  };
}

/** The sandbox overhead measurement: every pod's processes found (passed, with the recommendation), or the reasons. */
function overheadItem(o: SandboxOverheadResult): GateItem {
  const r = o.recommendation;
  return {
    area: 'performance',
    kind: 'overhead',
    name: 'sandbox resource overhead',
    runtime: 'runsc',
    outcome: outcomeOf(o),
    properties: [
      ['pods per runtime', num(o.podsPerRuntime)],
      ...(r ? ([['recommended podFixed.cpu', `${r.cpuMillicores}m`], ['recommended podFixed.memory', `${r.memoryMi}Mi`]] as [string, string][]) : []),
      ...(o.existing?.cpu !== undefined ? ([['existing podFixed.cpu', o.existing.cpu]] as [string, string][]) : []),
      ...(o.existing?.memory !== undefined ? ([['existing podFixed.memory', o.existing.memory]] as [string, string][]) : []),
    ],
    notes: r ? [r.rule] : [],
  };
}

/** A resource limit under both runtimes: runsc enforces what runc does, or the evidence that it does not. */
function limitItem(r: LimitResult): GateItem {
  const side = (c: LimitResult['runc']): [string, string][] => (c ? [[`${c.runtime} status`, c.status], [`${c.runtime} outcome`, c.outcome], ...c.figures.map((f): [string, string] => [`${c.runtime} ${f.name} (${f.unit})`, num(f.value)])] : []);
  return {
    area: 'compatibility',
    kind: 'limit',
    name: `limit ${r.limit}`,
    runtime: 'runsc',
    outcome: outcomeOf(r),
    properties: [...(r.runsc ? ([['setting', r.runsc.setting]] as [string, string][]) : []), ...side(r.runc), ...side(r.runsc)],
    notes: r.runsc?.how ? [r.runsc.how] : [],
  };
}

/** A workload under both runtimes: the same, accepted with its reason, or a difference with both outputs. */
function compatibilityItem(r: CompatibilityResult): GateItem {
  return {
    area: 'compatibility',
    kind: 'workload',
    name: `workload ${r.workload}`,
    runtime: 'runsc',
    outcome: outcomeOf(r),
    properties: [
      ['image', r.image],
      ['stresses', r.stresses],
      ['expected exit code', num(r.expect.exitCode)],
      ...(r.runc.exitCode !== undefined ? ([['runc exit code', num(r.runc.exitCode)]] as [string, string][]) : []),
      ...(r.runsc.exitCode !== undefined ? ([['runsc exit code', num(r.runsc.exitCode)]] as [string, string][]) : []),
    ],
    notes: r.acceptedBecause !== undefined ? [`accepted difference: ${r.acceptedBecause}`] : [],
  };
}

function scenarioItem(s: ScenarioResult): GateItem {
  return { area: 'resilience', kind: 'scenario', name: `${s.id} (${s.runtime})`, runtime: s.runtime, outcome: outcomeOf(s), properties: figureProperties(s.figures), notes: [...s.notes] };
}

function categoryItem(c: CategoryCounts): GateItem {
  const judged = c.judged ?? c['blocked-by-gvisor'] + c['blocked-by-policy'] + c.escaped;
  return {
    area: 'security',
    kind: 'category',
    name: `coverage of category ${c.category}`,
    runtime: 'runsc',
    // The gate's coverage rule: a category with nothing judged is unproven, however many attempts it had.
    outcome: judged === 0 ? { status: 'inconclusive', causes: ['no-data'], reasons: [`nothing in category ${c.category} was judged against hardened runsc pods`] } : passed,
    properties: [
      ['attempts', num(c.attempts)],
      ['judged', num(judged)],
      ...(['blocked-by-gvisor', 'blocked-by-policy', 'escaped', 'probe-invalid', 'not-applicable'] as const).map((v): [string, string] => [v, num(c[v])]),
    ],
    notes: [],
  };
}

function attemptOutcome(a: SecurityAttempt, escapesOverLimit: boolean): ItemOutcome {
  const was = `${a.verdict}${a.detail ? ` (${a.detail})` : ''}`;
  if (a.scope === 'attack-surface') return { status: 'not-judged', reason: `kernel attack surface, reported apart and never counted: ${a.probeOutcome ?? 'no result'}` };
  if (a.verdict === 'not-applicable') return { status: 'not-judged', reason: `not applicable${a.detail ? `: ${a.detail}` : ''}` };
  if (a.profile === 'control') {
    if (a.verdict === 'probe-invalid') return { status: 'failed', reasons: [`control attempt could not run, so the probe is broken${a.detail ? `: ${a.detail}` : ''}`] };
    if (a.verdict === 'escaped') return passed;
    return { status: 'not-judged', reason: `control was ${was}, so it does not show the attack works (a note, not a verdict)` };
  }
  if (a.runtime === 'runc') return { status: 'not-judged', reason: `hardened runc is the comparison, not the product: ${was}` };
  if (a.verdict === 'escaped') return escapesOverLimit ? { status: 'failed', reasons: [`escaped from a hardened runsc pod${a.detail ? `: ${a.detail}` : ''}`] } : passed;
  if (a.verdict === 'probe-invalid') return { status: 'inconclusive', causes: ['probe-invalid'], reasons: [`hardened runsc attempt proved nothing (probe-invalid)${a.detail ? `: ${a.detail}` : ''}`] };
  if (!isJudged(a)) return { status: 'not-judged', reason: `unjudged: ${a.unjudgedBecause ?? a.verdict}` };
  return passed;
}

function attemptItems(gate: Gate): GateItem[] {
  const attempts = gate.areas.security.attempts;
  const escapes = attempts.filter((a) => a.scope !== 'attack-surface' && a.profile === 'hardened' && a.runtime === 'runsc' && a.verdict === 'escaped').length;
  const overLimit = escapes > gate.thresholds.security.allowEscapes;
  return attempts.map((a) => ({
    area: 'security',
    kind: 'attempt',
    name: `${a.id} (${a.runtime}, ${a.profile})`,
    runtime: a.runtime,
    outcome: attemptOutcome(a, overLimit),
    properties: [
      ['category', a.category],
      ['verdict', a.verdict],
      ['evidence', a.evidenceHash],
      ...(a.probeOutcome ? ([['probe outcome', a.probeOutcome]] as [string, string][]) : []),
    ],
    notes: a.detail ? [a.detail] : [],
  }));
}

function gvisorConfigItem(c: GvisorConfig): GateItem {
  const findings = c.findings.map((f) => ({ node: c.node, ...f }));
  const drift = findings.filter((f) => f.acceptedBecause === undefined);
  return {
    area: 'security',
    kind: 'gvisor-config',
    name: `gVisor configuration on ${c.node}`,
    runtime: 'runsc',
    outcome: drift.length > 0 ? { status: 'failed', reasons: drift.map((f) => `departs from the declared policy: ${describeFinding(f)}`) } : passed,
    properties: [
      ['sandboxes', num(c.sandboxes)],
      ...(c.runscVersion ? ([['runsc', c.runscVersion]] as [string, string][]) : []),
      ...(c.configPath ? ([['config file', c.configPath]] as [string, string][]) : []),
      ...Object.entries(c.flags).map(([k, v]): [string, string] => [`--${k}`, v]),
    ],
    notes: findings.filter((f) => f.acceptedBecause !== undefined).map((f) => `accepted deviation: ${describeFinding(f)}`),
  };
}

function postureItem(p: SandboxPosture): GateItem {
  return {
    area: 'security',
    kind: 'posture',
    name: `posture of runsc-${p.role} pid ${p.pid} on ${p.node}`,
    runtime: 'runsc',
    outcome: p.problems.length > 0 ? { status: 'failed', reasons: p.problems.map((x) => `posture broken: ${x}`) } : passed,
    properties: [
      ['threads', num(p.threads)],
      ['seccomp threads', num(p.filteredThreads)],
      ['no_new_privs', p.noNewPrivs],
      ['capabilities', p.capabilities.join(', ') || 'none'],
      ['dir fds', num(p.dirFds)],
    ],
    notes: [],
  };
}

const notRun = 'not run in this run; not part of the verdict';

/** Every item of the gate, area by area (security, performance, resilience, compatibility), the area's own item first. */
export function gateItems(gate: Gate): GateItem[] {
  const { security, performance, resilience, compatibility } = gate.areas;
  const byArea: Record<GateArea, GateItem[]> = {
    security: [...security.categories.map(categoryItem), ...attemptItems(gate), ...(security.gvisorConfig ?? []).map(gvisorConfigItem), ...(security.posture ?? []).map(postureItem)],
    performance: [...performance.conditions.map((c) => conditionItem(c, gate.thresholds.performance)), ...performance.workloads.map((w) => workloadPerformanceItem(w, gate.thresholds.performance)), ...(performance.overhead ? [overheadItem(performance.overhead)] : [])],
    compatibility: [...compatibility.workloads.map(compatibilityItem), ...compatibility.limits.map(limitItem)],
    resilience: [
      ...resilience.scenarios.map(scenarioItem),
      ...resilience.skipped.map((s): GateItem => ({ area: 'resilience', kind: 'scenario', name: `${s.id} (${s.runtime})`, runtime: s.runtime, outcome: { status: 'not-judged', reason: `not tried: ${s.reason}` }, properties: [], notes: [] })),
    ],
  };
  return gateAreas.flatMap((area) => {
    const a = gate.areas[area];
    const own: GateItem = { area, kind: 'area', name: `${area} area`, outcome: outcomeOf(a), properties: figureProperties(a.figures), notes: [...a.notes] };
    const items = [own, ...byArea[area]];
    // An area outside a partial run's scope is not part of the verdict, whatever its items say.
    const scoped = inScope(gate, area) ? items : items.map((i): GateItem => ({ ...i, outcome: { status: 'not-judged', reason: notRun } }));
    return uniqueNames(scoped);
  });
}

function uniqueNames(items: GateItem[]): GateItem[] {
  const seen = new Map<string, number>();
  return items.map((i) => {
    const n = (seen.get(i.name) ?? 0) + 1;
    seen.set(i.name, n);
    return n === 1 ? i : { ...i, name: `${i.name} #${n}` };
  });
}
