/**
 * Resource limits in the compatibility area: is every limit runc enforces enforced under runsc too?
 *
 * Per limit (memory, CPU, PIDs, ephemeral storage on rootfs and on an emptyDir), the newest
 * record of each runtime (suites/workloads/limits.test.ts):
 * 1. INCONCLUSIVE (insufficient-data) when one runtime has no record: nothing to compare.
 * 2. INCONCLUSIVE (probe-invalid) when runc did not enforce it (not configured on the node, not
 *    enforced, or its control failed): there is nothing to hold runsc to; the cluster or the check
 *    needs fixing (the failed test says so).
 * 3. PASS when runsc enforced it too; how runsc enforces it, where that differs, is a note.
 * 4. FAIL when runsc did not enforce it: a tenant under gVisor escapes a limit a runc tenant is held to;
 *    PASS, marked accepted with its reason, when workloads.limitExceptions names that limit.
 * 5. INCONCLUSIVE (probe-invalid) when runsc's control failed: its figure proves nothing.
 */
import type { LimitException, LimitKind } from '../limits/kinds.js';
import type { LimitCheck, LimitResult } from './gate-schema.js';
import { Judgement } from './gate-verdicts.js';

const said = (c: LimitCheck): string => `${c.status}: ${c.outcome}; control: ${c.control}`;

export function judgeLimit(limit: LimitKind, runc: LimitCheck | undefined, runsc: LimitCheck | undefined, exception?: LimitException): LimitResult {
  const j = new Judgement();
  const label = `limit ${limit}`;
  const done = (): LimitResult => ({ limit, ...j.result(), ...(runc && { runc }), ...(runsc && { runsc }) });
  if (!runc || !runsc) {
    j.inconclusiveBecause('insufficient-data', `${label}: checked under ${runc ? 'runc' : 'runsc'} only, nothing to compare`);
    return done();
  }
  if (runc.status !== 'enforced') {
    j.inconclusiveBecause('probe-invalid', `${label}: under runc ${said(runc)}; nothing to hold runsc to`);
    return done();
  }
  if (runsc.status === 'enforced') return done();
  if (runsc.status === 'not-enforced' && exception) {
    j.reasons.push(`${label} (${runsc.setting}): not enforced under runsc (${runsc.outcome}), accepted: ${exception.reason}`);
    return { ...done(), acceptedBecause: exception.reason };
  }
  if (runsc.status === 'not-enforced') {
    j.fail(`${label} (${runsc.setting}): enforced under runc (${runc.outcome}) but not under runsc: ${runsc.outcome}${runsc.how ? `; ${runsc.how}` : ''}`);
    return done();
  }
  j.inconclusiveBecause('probe-invalid', `${label}: under runsc ${said(runsc)}`);
  return done();
}

/** Every limit that has a record, each judged on its newest record per runtime. */
export function judgeLimits(checks: readonly LimitCheck[], exceptions: readonly LimitException[] = []): LimitResult[] {
  const kinds = [...new Set(checks.map((c) => c.limit))];
  const newest = (limit: LimitKind, runtime: LimitCheck['runtime']): LimitCheck | undefined => checks.filter((c) => c.limit === limit && c.runtime === runtime).at(-1);
  return kinds.map((k) => judgeLimit(k, newest(k, 'runc'), newest(k, 'runsc'), exceptions.find((e) => e.limit === k)));
}

/** A note per limit runsc enforces differently from runc (how, with its figures). */
export function limitNotes(results: readonly LimitResult[]): string[] {
  return results.flatMap((r) => (r.verdict === 'PASS' && r.acceptedBecause === undefined && r.runsc?.how ? [`limit ${r.limit}: enforced under runsc too, differently: ${r.runsc.how}`] : []));
}
