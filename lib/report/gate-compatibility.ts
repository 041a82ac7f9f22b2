/**
 * Compatibility area: does every configured workload behave the same under runsc as under runc?
 *
 * Per workload (one runc run and one runsc run, suites/workloads):
 * 1. INCONCLUSIVE (probe-invalid) when the runc run did not complete or missed the workload's own
 *    expectation: there is nothing to compare runsc with, and the definition (or the image) is
 *    what needs fixing.
 * 2. INCONCLUSIVE (infrastructure) when the runsc container never started for a reason of the
 *    cluster (no node, image pull); the run did not happen.
 * 3. PASS when the runsc run completed with runc's exit code and met the expectation too.
 * 4. Otherwise a difference: PASS only when a written exception (workloads.exceptions) names the
 *    workload (and, if it says one, the runsc exit code seen), with its reason in the report;
 *    else FAIL with both outputs.
 * A difference's reason also says what gVisor logged as unsupported in the runsc run's sandbox
 * (lib/gvisor/unsupported-syscalls.ts), or that it logged nothing, or why that could not be read;
 * a syscall also logged in the sandboxes of workloads that behave the same is marked as such.
 * Resource limits (lib/report/gate-limits.ts): each one runc enforces must be enforced under runsc.
 * Area: INCONCLUSIVE (no-data) without workloads or limits.
 */
import { describeSyscall, type GvisorSandboxReport } from '../gvisor/unsupported-syscalls.js';
import type { WorkloadException } from '../workloads/definition.js';
import type { WorkloadOutcome } from '../workloads/outcome.js';
import { judgeLimits, limitNotes } from './gate-limits.js';
import type { LimitException } from '../limits/kinds.js';
import type { CompatibilityAreaResult, CompatibilityRecord, CompatibilityResult, LimitCheck } from './gate-schema.js';
import { Judgement } from './gate-verdicts.js';

const oneLine = (s: string, n = 300): string => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= n ? t : `${t.slice(0, n)}…`;
};

/** One runtime's outcome in a sentence: exit code, what was wrong, and its output. */
export function describeOutcome(o: WorkloadOutcome): string {
  const what = o.status === 'completed' ? `exit ${o.exitCode ?? '?'}` : `${o.status}${o.exitCode !== undefined ? ` (exit ${o.exitCode})` : ''}`;
  const problems = o.problems.length > 0 ? `; ${o.problems.join('; ')}` : '';
  const out = o.stdout.trim() !== '' ? `; stdout: "${oneLine(o.stdout)}"` : o.logTail ? `; log: "${oneLine(o.logTail)}"` : '';
  return `${what}${problems}${out}`;
}

/** gVisor's word on one sandbox, in a sentence; `common` names syscalls also logged where the workload behaved the same. */
export function describeGvisorReport(g: GvisorSandboxReport | undefined, common: ReadonlySet<string> = new Set()): string {
  if (g === undefined) return "gVisor's log of unsupported syscalls was not read for this run";
  const sandbox = `sandbox ${g.sandboxId ?? '(unknown)'}${g.node ? ` on ${g.node}` : ''}`;
  if (g.problem !== undefined) return `gVisor's log of unsupported syscalls for ${sandbox}: could not read: ${g.problem}`;
  if (g.syscalls.length === 0) return `gVisor recorded no unsupported syscall for ${sandbox} (${g.source ?? 'its log'})`;
  const listed = g.syscalls.map((s) => `${describeSyscall(s)}${common.has(s.name) ? ' (also where workloads behave the same)' : ''}`);
  return `gVisor logged as unsupported in ${sandbox}: ${listed.join(', ')}`;
}

/** Syscalls gVisor logged in the sandboxes of workloads that behaved the same: not what makes another differ. */
export function commonUnsupported(records: readonly CompatibilityRecord[]): Set<string> {
  return new Set(records.filter((r) => r.runc.status === 'completed' && r.runc.expectMet && sameOutcome(r)).flatMap((r) => r.gvisor?.syscalls.map((s) => s.name) ?? []));
}

export function matchingException(r: CompatibilityRecord, exceptions: readonly WorkloadException[]): WorkloadException | undefined {
  return exceptions.find((e) => e.workload === r.workload && (e.runscExitCode === undefined || e.runscExitCode === r.runsc.exitCode));
}

/** runsc's outcome is runc's: same exit code, and the expectation met. */
export const sameOutcome = (r: CompatibilityRecord): boolean => r.runsc.status === 'completed' && r.runsc.expectMet && r.runsc.exitCode === r.runc.exitCode;

export function judgeWorkloadCompatibility(r: CompatibilityRecord, exceptions: readonly WorkloadException[], common: ReadonlySet<string> = new Set()): CompatibilityResult {
  const j = new Judgement();
  const label = `${r.workload} (${r.stresses})`;
  if (r.runc.status !== 'completed' || !r.runc.expectMet) {
    j.inconclusiveBecause('probe-invalid', `${label}: under runc it does not meet its own expectation (${describeOutcome(r.runc)}), so runsc's outcome proves nothing; fix the workload's definition or image`);
    return { ...r, ...j.result() };
  }
  if (r.runsc.status === 'not-started') {
    j.inconclusiveBecause('infrastructure', `${label}: the runsc run never started: ${r.runsc.problems.join('; ')}`);
    return { ...r, ...j.result() };
  }
  if (sameOutcome(r)) return { ...r, ...j.result() };
  const difference = `${label}: differs under runsc. runc: ${describeOutcome(r.runc)}. runsc: ${describeOutcome(r.runsc)}. ${describeGvisorReport(r.gvisor, common)}`;
  const accepted = matchingException(r, exceptions);
  if (accepted) {
    j.reasons.push(`${difference}; accepted: ${accepted.reason}`);
    return { ...r, ...j.result(), acceptedBecause: accepted.reason };
  }
  j.fail(difference);
  return { ...r, ...j.result() };
}

export function judgeCompatibility(
  records: readonly CompatibilityRecord[],
  exceptions: readonly WorkloadException[],
  limitChecks: readonly LimitCheck[] = [],
  limitExceptions: readonly LimitException[] = [],
): CompatibilityAreaResult {
  const j = new Judgement();
  const common = commonUnsupported(records);
  const results = records.map((r) => judgeWorkloadCompatibility(r, exceptions, common));
  const limits = judgeLimits(limitChecks, limitExceptions);
  for (const r of [...results, ...limits]) {
    j.absorb(r);
    j.reasons.push(...r.reasons);
  }
  if (results.length === 0 && limits.length === 0) j.inconclusiveBecause('no-data', 'no workload was run under both runtimes');
  const same = results.filter((r) => r.verdict === 'PASS' && r.acceptedBecause === undefined).length;
  const accepted = results.filter((r) => r.acceptedBecause !== undefined).length;
  const differ = results.filter((r) => r.verdict === 'FAIL').length;
  const limitsMissed = limits.filter((r) => r.verdict === 'FAIL').length;
  if (j.verdict === 'PASS') {
    const parts = [
      ...(results.length > 0 ? [`${results.length} workload(s) behave the same under runsc as under runc${accepted > 0 ? ` (${accepted} by a written exception)` : ''}`] : []),
      ...(limits.length > 0 ? [limitsSummary(limits)] : []),
    ];
    j.reasons.unshift(parts.join('; '));
  }
  const unused = exceptions.filter((e) => !results.some((r) => r.workload === e.workload && r.acceptedBecause !== undefined));
  return {
    ...j.result(),
    figures: [
      { name: 'workloads that differ under runsc', value: differ, unit: 'count', limit: 0, ok: differ === 0 },
      { name: 'workloads the same', value: same, unit: 'count' },
      { name: 'accepted differences', value: accepted, unit: 'count' },
      ...(limits.length > 0 ? [{ name: 'resource limits runc enforces that runsc does not', value: limitsMissed, unit: 'count' as const, limit: 0, ok: limitsMissed === 0 }] : []),
    ],
    notes: [...unused.map((e) => `exception for ${e.workload} not needed in this run (${e.reason})`), ...limitNotes(limits)],
    workloads: results,
    limits,
  };
}

/** How many limits runsc enforced, and how many it did not with an accepted reason (never counted as enforced). */
function limitsSummary(limits: readonly { acceptedBecause?: string }[]): string {
  const accepted = limits.filter((l) => l.acceptedBecause !== undefined).length;
  const enforced = `${limits.length - accepted} resource limit(s) enforced under runsc as under runc`;
  return accepted > 0 ? `${enforced}, ${accepted} not enforced and accepted (below)` : enforced;
}
