/**
 * The plain-text tables the workloads suite prints at its end: per workload, whether it behaves
 * the same under runsc, and the runsc/runc ratio of its in-container time with the 95 % CI.
 * Pure formatting over the judged records.
 */
import type { CompatibilityResult, WorkloadPerformanceResult } from '../report/gate-schema.js';

const pad = (s: string, n: number): string => (s.length >= n ? `${s} ` : s.padEnd(n));
const t = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

export function renderWorkloadTables(compat: readonly CompatibilityResult[], perf: readonly WorkloadPerformanceResult[], maxRatio: number): string {
  const lines = ['', 'Workloads under runsc against runc'];
  lines.push('', `${pad('workload', 26)}${pad('runc', 12)}${pad('runsc', 12)}${pad('compatible', 12)}verdict`);
  for (const c of compat) {
    const o = (rt: 'runc' | 'runsc'): string => (c[rt].status === 'completed' ? `exit ${c[rt].exitCode ?? '?'}${c[rt].expectMet ? '' : ' ✗'}` : c[rt].status);
    const same = c.acceptedBecause !== undefined ? 'accepted' : c.verdict === 'PASS' ? 'yes' : c.verdict === 'FAIL' ? 'NO' : '?';
    lines.push(`${pad(c.workload, 26)}${pad(o('runc'), 12)}${pad(o('runsc'), 12)}${pad(same, 12)}${c.verdict}`);
  }
  for (const c of compat.filter((x) => x.verdict !== 'PASS' || x.acceptedBecause !== undefined)) for (const r of c.reasons) lines.push(`  ${r}`);
  if (perf.length > 0) {
    lines.push('', `In-container time (ms, the stamps), median; runsc/runc median ratio [95 % CI], judged against ${maxRatio}× by the gate`);
    lines.push(`${pad('workload', 26)}${pad('pairs', 8)}${pad('runc', 10)}${pad('runsc', 10)}${pad('ratio [95 % CI]', 24)}verdict`);
    for (const w of perf) {
      if (w.notMeasured !== undefined) {
        lines.push(`${pad(w.workload, 26)}not timed: ${w.notMeasured}`);
        continue;
      }
      const ratio = w.ratio ? `${w.ratio.estimate.toFixed(2)} [${w.ratio.lo.toFixed(2)}, ${w.ratio.hi.toFixed(2)}]` : '-';
      lines.push(`${pad(w.workload, 26)}${pad(`${w.successes}/${w.pairs}`, 8)}${pad(w.runc ? t(w.runc.p50) : '-', 10)}${pad(w.runsc ? t(w.runsc.p50) : '-', 10)}${pad(ratio, 24)}${w.verdict}`);
    }
  }
  return lines.join('\n');
}
