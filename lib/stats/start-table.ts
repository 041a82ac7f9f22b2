/**
 * The plain-text table the performance suite prints at its end: per condition, per phase the
 * runc and runsc p05/p50/p95/max (ms), the compared phases' delta and ratio with their CIs,
 * the load, the budget verdicts and the kubelet's own SLI. Pure formatting.
 */
import type { BootstrapResult } from './bootstrap.js';
import type { Summary } from './quantile.js';

export interface TableCondition {
  name: string;
  concurrency: number;
  pairs: number;
  successes: number;
  phases: Record<'runc' | 'runsc', Record<string, Summary>>;
  comparisons: Record<string, { n: number; delta: BootstrapResult; ratio: BootstrapResult }>;
  load: string;
  budgets: { pass: number; fail: number; inconclusive: number };
  kubeletSli?: Partial<Record<'runc' | 'runsc', { p50Ms: number; p99Ms: number; count: number }>>;
  verdict?: string;
}

const phaseOrder = ['created', 'scheduled', 'scheduledEvent', 'sandboxReady', 'probeStarted', 'containerStarted', 'ready', 'total', 'finished'];
const ms = (x: number): string => x.toFixed(0);
const quad = (s: Summary | undefined): string => (s ? `${ms(s.p05)}/${ms(s.p50)}/${ms(s.p95)}/${ms(s.max)}` : '-');
const pad = (s: string, n: number): string => s.padEnd(n);

function ci(r: BootstrapResult, digits: number, unit: string): string {
  return `${r.estimate.toFixed(digits)}${unit} [${r.lo.toFixed(digits)}, ${r.hi.toFixed(digits)}]`;
}

export function renderStartTable(conditions: readonly TableCondition[]): string {
  const lines: string[] = ['', 'Pod start latency, runsc against runc (ms after the create request; p05/p50/p95/max)'];
  for (const c of conditions) {
    lines.push('', `== ${c.name} (concurrency ${c.concurrency}): ${c.successes}/${c.pairs} pairs succeeded${c.verdict ? `; gate ${c.verdict}` : ''}`);
    lines.push(`   load: ${c.load}`);
    const phases = [...new Set([...Object.keys(c.phases.runc), ...Object.keys(c.phases.runsc)])].sort(
      (a, b) => (phaseOrder.indexOf(a) + 100) % 100 - ((phaseOrder.indexOf(b) + 100) % 100),
    );
    lines.push(`   ${pad('phase', 22)}${pad('runc', 26)}${pad('runsc', 26)}`);
    for (const p of phases) lines.push(`   ${pad(p, 22)}${pad(quad(c.phases.runc[p]), 26)}${pad(quad(c.phases.runsc[p]), 26)}`);
    for (const [phase, cmp] of Object.entries(c.comparisons)) {
      lines.push(`   ${pad(`${phase} Δ/ratio`, 22)}runsc−runc ${ci(cmp.delta, 0, ' ms')}; runsc/runc ${ci(cmp.ratio, 3, '')} (95 % CI, ${cmp.n} pairs)`);
    }
    lines.push(`   budgets: ${c.budgets.pass} pass, ${c.budgets.fail} fail, ${c.budgets.inconclusive} inconclusive`);
    const sli = (['runc', 'runsc'] as const).map((rt) => {
      const s = c.kubeletSli?.[rt];
      return s ? `${rt} p50 ${ms(s.p50Ms)} p99 ${ms(s.p99Ms)} (n=${s.count})` : `${rt} -`;
    });
    lines.push(`   kubelet SLI (histogram, coarse buckets): ${sli.join('; ')}`);
  }
  return lines.join('\n');
}
