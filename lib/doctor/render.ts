/** The doctor's report as a plain-text table (no colours: it ends up in CI logs). */
import type { CheckStatus, DoctorReport } from './doctor.js';

const mark: Record<CheckStatus, string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL', skip: '-' };

/** Columns padded to their widest cell; the last column is not padded. */
export function textTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

export function renderDoctor(report: DoctorReport): string {
  const out: string[] = [];
  if (report.target) out.push(`target: ${report.target.server} (context ${report.target.context})`, '');
  out.push(textTable(['CHECK', 'STATUS', 'DETAIL'], report.checks.map((c) => [c.name, mark[c.status], c.detail])));
  if (report.nodes.length > 0) {
    out.push('', textTable(['NODE', 'READY', 'GVISOR', 'INSTALLER STATUS'], report.nodes.map((n) => [n.node, n.nodeReady ? 'yes' : 'NO', n.verified ? 'verified' : 'no', n.detail])));
  }
  const todo = report.checks.filter((c) => (c.status === 'fail' || c.status === 'warn') && c.hint);
  if (todo.length > 0) out.push('', ...todo.map((c) => `${mark[c.status]} ${c.name}: ${c.hint}`));
  out.push('', report.ok ? 'doctor: the cluster can run the suites' : `doctor: ${report.checks.filter((c) => c.status === 'fail').length} check(s) failed; the suites cannot run here`);
  return `${out.join('\n')}\n`;
}
