/**
 * A workload's performance record from its interleaved pairs: only pairs where both runs met the
 * expectation are timed; the ratio is median(runsc)/median(runc) of the in-container times with a
 * paired percentile bootstrap (lib/stats/bootstrap.ts). Pure.
 */
import type { WorkloadPerformance } from '../report/gate-schema.js';
import { medianRatioCI } from '../stats/bootstrap.js';
import { median, summary } from '../stats/quantile.js';
import type { Workload } from './definition.js';
import type { WorkloadOutcome } from './outcome.js';

export interface WorkloadPair {
  runc: WorkloadOutcome;
  runsc: WorkloadOutcome;
}

const timed = (o: WorkloadOutcome): o is WorkloadOutcome & { workMs: number } => o.status === 'completed' && o.expectMet && o.workMs !== undefined && o.workMs > 0;

export function workloadPerformance(
  w: Workload & { builtin: boolean },
  pairs: readonly WorkloadPair[],
  bootstrap: { resamples: number; seed: number; level: number },
): WorkloadPerformance {
  const ok = pairs.filter((p) => timed(p.runc) && timed(p.runsc));
  const failures = pairs.flatMap((p, i) =>
    (['runc', 'runsc'] as const).flatMap((rt) => (timed(p[rt]) ? [] : [`pair ${i + 1} ${rt} (${p[rt].pod}): ${p[rt].problems.join('; ') || p[rt].status}`])),
  );
  const runc = ok.map((p) => p.runc.workMs as number);
  const runsc = ok.map((p) => p.runsc.workMs as number);
  const cpu = (rt: 'runc' | 'runsc'): number[] => ok.flatMap((p) => (p[rt].cpuMs === undefined ? [] : [p[rt].cpuMs]));
  const cpuRunc = cpu('runc');
  const cpuRunsc = cpu('runsc');
  return {
    workload: w.name,
    stresses: w.stresses,
    builtin: w.builtin,
    pairs: pairs.length,
    successes: ok.length,
    ...(ok.length > 0 && { runc: summary(runc), runsc: summary(runsc) }),
    ...(ok.length >= 2 && { ratio: medianRatioCI(runsc, runc, { paired: true, ...bootstrap }) }),
    ...(cpuRunc.length > 0 && cpuRunsc.length > 0 && { cpuMs: { runc: median(cpuRunc), runsc: median(cpuRunsc) } }),
    failures,
  };
}
