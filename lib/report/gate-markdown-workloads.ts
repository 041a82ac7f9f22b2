/**
 * gate.md's workload parts: the performance area's table of in-container time ratios (and, in
 * words, which kinds of work gVisor makes slow here), and the compatibility area's table with
 * both outputs of every workload that differs.
 */
import { commonUnsupported, describeGvisorReport, describeOutcome } from './gate-compatibility.js';
import { overheadLines } from './gate-markdown-overhead.js';
import type { Gate, WorkloadPerformanceResult } from './gate-schema.js';
// gate-markdown imports this file too; `table` is only called at render time, after both loaded.
import { table as tableOf } from './gate-markdown.js';
const r2 = (x: number): string => x.toFixed(2);
const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** Bands of the ratio's estimate, for the sentence; the gate judges the CI's upper bound against maxRatio. */
export function slownessInWords(workloads: readonly WorkloadPerformanceResult[], maxRatio: number): string {
  const timed = workloads.filter((w) => w.ratio !== undefined && w.notMeasured === undefined);
  if (timed.length === 0) return '';
  const sorted = [...timed].sort((a, b) => (b.ratio?.estimate ?? 0) - (a.ratio?.estimate ?? 0));
  const name = (w: WorkloadPerformanceResult): string => `${w.workload} ${r2(w.ratio?.estimate ?? 0)}×`;
  const near = sorted.filter((w) => (w.ratio?.hi ?? Infinity) <= maxRatio);
  const slow = sorted.filter((w) => (w.ratio?.hi ?? Infinity) > maxRatio);
  const much = slow.filter((w) => (w.ratio?.estimate ?? 0) >= 2);
  const some = slow.filter((w) => (w.ratio?.estimate ?? 0) < 2);
  const parts = [
    much.length > 0 ? `gVisor makes these kinds of work much slower here (2× or more): ${much.map(name).join(', ')}` : '',
    some.length > 0 ? `slower beyond ${maxRatio}× at the CI's upper bound: ${some.map(name).join(', ')}` : '',
    near.length > 0 ? `within ${maxRatio}× of runc: ${near.map(name).join(', ')}` : '',
  ].filter((p) => p !== '');
  return `${parts.join('; ')}.`;
}

export function workloadsPerformanceSection(gate: Gate): string[] {
  const { overhead } = gate.areas.performance;
  return [...workloadTimesSection(gate), ...(overhead ? ['', `#### Sandbox resource overhead: ${overhead.verdict === 'PASS' ? 'every pod measured' : `**${overhead.verdict}**`}`, ...overheadLines(overhead)] : [])];
}

function workloadTimesSection(gate: Gate): string[] {
  const { workloads } = gate.areas.performance;
  if (workloads.length === 0) return [];
  const t = gate.thresholds.performance.workloads;
  const rows = workloads.map((w) => [
    w.workload,
    w.stresses,
    w.notMeasured !== undefined ? '—' : `${w.successes}/${w.pairs}`,
    w.runc ? `${ms(w.runc.p50)} ms` : '—',
    w.runsc ? `${ms(w.runsc.p50)} ms` : '—',
    w.ratio ? `${r2(w.ratio.estimate)} [${r2(w.ratio.lo)}, ${r2(w.ratio.hi)}]` : '—',
    w.cpuMs ? `${ms(w.cpuMs.runc)} / ${ms(w.cpuMs.runsc)}` : '—',
    w.notMeasured !== undefined ? `not timed: ${w.notMeasured}` : `**${w.verdict}**`,
  ]);
  const words = slownessInWords(workloads, t.maxRatio);
  return [
    '',
    `Workloads: each one's own work timed inside the container (its stamps, so pod start is excluded), interleaved runc/runsc pairs; judged by the upper bound of the runsc/runc ratio's paired 95 % CI ≤ ${t.maxRatio}×, with ≥ ${t.minSuccesses} pairs.`,
    '',
    tableOf(['Workload', 'Stresses', 'Pairs ok', 'runc median', 'runsc median', 'runsc/runc [95 % CI]', 'CPU user+sys ms runc / runsc', 'Verdict'], rows),
    ...(words ? ['', words] : []),
  ];
}

/** Resource limits: what each runtime came to, the verdict, and how runsc enforces where it differs. */
function limitsPart(limits: Gate['areas']['compatibility']['limits']): string[] {
  if (limits.length === 0) return [];
  const cell = (c: (typeof limits)[number]['runc']): string => (c ? `${c.status}: ${c.outcome}` : 'not run');
  const rows = limits.map((r) => [r.limit, r.runsc?.setting ?? r.runc?.setting ?? '', cell(r.runc), cell(r.runsc), r.acceptedBecause !== undefined ? `**${r.verdict}**, not enforced under runsc, accepted: ${r.acceptedBecause}` : `**${r.verdict}**`]);
  const how = limits.flatMap((r) => (r.runsc?.how ? [`- ${r.limit}, under runsc: ${r.runsc.how}`] : []));
  return ['', '#### Resource limits', '', 'Each limit past its bound under runc and under runsc, with a control (the same pod unlimited, or below the limit); runsc must enforce what runc enforces.', '', tableOf(['Limit', 'Setting', 'runc', 'runsc', 'Verdict'], rows), ...(how.length > 0 ? ['', ...how] : [])];
}

export function compatibilitySection(gate: Gate): string {
  const { workloads, limits } = gate.areas.compatibility;
  if (workloads.length === 0) return limits.length === 0 ? '_No workload was run under both runtimes._' : ['_No workload was run under both runtimes._', ...limitsPart(limits)].join('\n');
  const rows = workloads.map((r) => [
    r.workload,
    r.builtin ? 'built-in' : `user: ${r.image}`,
    r.runc.status === 'completed' ? `exit ${r.runc.exitCode ?? '?'}${r.runc.expectMet ? ', as expected' : ', NOT as expected'}` : r.runc.status,
    r.runsc.status === 'completed' ? `exit ${r.runsc.exitCode ?? '?'}${r.runsc.expectMet ? ', as expected' : ', NOT as expected'}` : r.runsc.status,
    r.acceptedBecause !== undefined ? `accepted: ${r.acceptedBecause}` : r.verdict === 'PASS' ? 'same' : r.verdict === 'FAIL' ? 'differs' : 'not comparable',
    `**${r.verdict}**`,
  ]);
  const differing = workloads.filter((r) => r.verdict === 'FAIL' || r.acceptedBecause !== undefined);
  const common = commonUnsupported(workloads);
  const both = differing.flatMap((r) => [
    '',
    `#### ${r.workload}: runc and runsc`,
    '',
    `- runc: ${describeOutcome(r.runc)}`,
    `- runsc: ${describeOutcome(r.runsc)}`,
    `- ${describeGvisorReport(r.gvisor, common)}`,
    ...(r.runsc.logTail ? ['', '```', r.runsc.logTail.trim(), '```'] : []),
  ]);
  return [
    'Each workload once under runc and once under runsc: the same exit code and its expectation met under both, or a written exception with its reason (`workloads.exceptions`).',
    '',
    tableOf(['Workload', 'Image', 'runc', 'runsc', 'Outcome', 'Verdict'], rows),
    ...both,
    ...limitsPart(limits),
  ].join('\n');
}
