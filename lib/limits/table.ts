/**
 * The plain-text table the limits checks print at the end of the file: per limit, what each
 * runtime came to and the gate's verdict of runsc against runc. Pure formatting.
 */
import type { LimitResult } from '../report/gate-schema.js';

const pad = (s: string, n: number): string => (s.length >= n ? `${s} ` : s.padEnd(n));
const figures = (c: LimitResult['runc']): string => (c ? c.figures.map((f) => `${f.name} ${Number.isInteger(f.value) ? f.value : f.value.toFixed(3)}${f.unit === 'count' ? '' : ` ${f.unit}`}`).join(', ') : '');

export function renderLimitsTable(results: readonly LimitResult[]): string {
  const lines = ['', 'Resource limits under runc and runsc (runsc must enforce what runc enforces)', ''];
  lines.push(`${pad('limit', 28)}${pad('runc', 16)}${pad('runsc', 16)}verdict`);
  for (const r of results) lines.push(`${pad(r.limit, 28)}${pad(r.runc?.status ?? '-', 16)}${pad(r.runsc?.status ?? '-', 16)}${r.verdict}`);
  for (const r of results) {
    lines.push('', `${r.limit}:`);
    for (const c of [r.runc, r.runsc]) {
      if (!c) continue;
      lines.push(`  ${c.runtime} (${c.setting}, ${c.node}): ${c.outcome}`, `    control: ${c.control}`);
      if (c.figures.length > 0) lines.push(`    figures: ${figures(c)}`);
      if (c.how) lines.push(`    how: ${c.how}`);
    }
    for (const reason of r.reasons) lines.push(`  gate: ${reason}`);
  }
  return lines.join('\n');
}
