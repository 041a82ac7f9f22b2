/** The prove table: sabotage → expected area and reason → observed verdict and reason → detected → restored → time. Pure. */
import type { ProveRow } from './run-sabotage.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderProveTable(rows: readonly ProveRow[]): string {
  const head = ['Sabotage', 'Reach', 'Expected (area: verdict: reason)', 'Observed', 'Detected', 'Restored', 'Time'];
  const body = rows.map((r) => [
    `\`${r.id}\`: ${r.title}`,
    r.reach,
    `${r.area}: ${r.expected}`,
    `${r.verdict}: ${r.observed}${r.problem ? ` (${r.problem})` : ''}`,
    r.detected ? 'yes' : '**no**',
    r.restored ? 'yes' : '**no**',
    `${(r.durationMs / 1000).toFixed(0)} s`,
  ]);
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((b) => `| ${b.map(cell).join(' | ')} |`)].join('\n');
}

/** Pure: every sabotage detected and every restore left the cluster healthy. */
export const provePassed = (rows: readonly ProveRow[]): boolean => rows.length > 0 && rows.every((r) => r.detected && r.restored);

export function proveSummary(rows: readonly ProveRow[], elapsedMs: number): string {
  const detected = rows.filter((r) => r.detected).length;
  const restored = rows.filter((r) => r.restored).length;
  return `${provePassed(rows) ? 'PROVE PASS' : 'PROVE FAIL'}: ${detected}/${rows.length} sabotage(s) detected, ${restored}/${rows.length} restored healthy, in ${(elapsedMs / 60_000).toFixed(1)} min`;
}
