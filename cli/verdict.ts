import { relative } from 'node:path';
import type { WrittenReports } from '../lib/report/write-reports.js';
import { gateAreas } from '../lib/vocabulary.js';

const rel = (p: string): string => relative(process.cwd(), p) || '.';

/** The verdict, why, regressions, and where the reports are: what a release manager reads first. */
export function printVerdict(w: WrittenReports, elapsedMs?: number): void {
  const g = w.gate;
  const out: string[] = ['', `GATE ${g.verdict} (exit ${g.exitCode}): ${g.exitReason}`];
  if (g.rerunOf) out.push(`  PARTIAL RERUN of run ${g.rerunOf.runId}: ${g.rerunOf.tests.length} test(s) ran again${g.rerunOf.unmatched?.length ? `; ${g.rerunOf.unmatched.length} could not be matched (gate.md)` : ''}`);
  for (const a of gateAreas) {
    const area = g.areas[a];
    const skipped = g.scope && !g.scope.includes(a);
    if (skipped) {
      out.push(`  ${a.padEnd(12)} not run`);
    } else if (area.verdict === 'PASS') {
      out.push(`  ${a.padEnd(12)} PASS${area.reasons[0] ? `: ${area.reasons[0]}` : ''}`);
    } else {
      // Every reason of an area that did not pass: that is what the reader needs to act on.
      out.push(`  ${a.padEnd(12)} ${area.verdict}`, ...area.reasons.slice(0, 6).map((r) => `      ${r}`));
      if (area.reasons.length > 6) out.push(`      … ${area.reasons.length - 6} more in gate.md`);
    }
  }
  if (w.trend) {
    out.push(`  trend against ${w.trend.previousRunId}: ${w.trend.regressions.length === 0 ? 'no regressions' : `${w.trend.regressions.length} regression(s)`}`);
    for (const r of w.trend.regressions) out.push(`    - ${r.kind}: ${r.message}`);
  }
  out.push('', 'reports:');
  out.push(`  gate       ${rel(w.files.gateMarkdown)}  ${rel(w.files.gateHtml)}  ${rel(w.files.gateJson)}`);
  out.push(`  ci         ${rel(w.files.junitGate)}  ${rel(w.files.metrics)}`);
  out.push(`  results    ${rel(w.files.results)}`);
  if (w.files.trendJson) out.push(`  trend      ${rel(w.files.trendJson)}`);
  if (w.files.charts.length) out.push(`  charts     ${w.files.charts.map(rel).join('  ')}`);
  if (w.files.junit.length) out.push(`  junit      ${w.files.junit.map(rel).join('  ')}`);
  // Allure's app fetches its data, which a page opened from disk may not: it is served.
  if (w.files.allureReport) out.push(`  allure     ${rel(w.files.allureReport)}/index.html (view: npx allure open ${rel(w.files.allureReport)})`);
  if (w.pages && 'unavailable' in w.pages) out.push(`  browser    no screenshots: ${w.pages.unavailable}`);
  if (w.pages && 'screenshots' in w.pages) {
    out.push(`  browser    ${w.pages.screenshots.map(rel).join('  ')}`);
    // The reports' own faults, seen in the browser; they do not change the verdict.
    if (w.pages.problems.length > 0) out.push(`  page problems (${w.pages.problems.length}), seen in Chromium:`, ...w.pages.problems.map((p) => `      ${p}`));
  }
  if (elapsedMs !== undefined) out.push(`  took       ${(elapsedMs / 60_000).toFixed(1)} min`);
  process.stdout.write(`${out.join('\n')}\n`);
}
