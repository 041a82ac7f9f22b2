/** The trend as a gate.md section: regressions first, then notes. */
import type { RegressionKind, Trend } from './trend.js';

const titles: Record<RegressionKind, string> = {
  'new-escape': 'New escape',
  'start-overhead': 'Start overhead grew',
  'slower-recovery': 'Slower recovery',
};

export function renderTrendMarkdown(trend: Trend): string {
  const out = [`## Trend against run \`${trend.previousRunId}\``, ''];
  if (trend.regressions.length === 0) out.push('No regressions.');
  // Escapes first: they matter most.
  const order: RegressionKind[] = ['new-escape', 'start-overhead', 'slower-recovery'];
  for (const kind of order) {
    for (const r of trend.regressions.filter((x) => x.kind === kind)) out.push(`- **${titles[kind]}**: ${r.message}`);
  }
  for (const n of trend.notes) out.push(`- note: ${n}`);
  return out.join('\n');
}
