/**
 * gate.html and the Allure report opened in headless Chromium (Debian's package), as a reader
 * opens them. The run is one this test controls, in a temporary directory: results.json of a
 * run that passes every default threshold, judged by the real gate, and allure-results from
 * the real Allure reporter (testdata/). `gauntlet report` builds every report from them. The
 * screenshots go to this vitest run's reports (reports/<run-id>/screenshots/browser-test-*.png).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../../cli/cli-helpers.js';
import { runId } from '../../run-id.js';
import { parseGate } from '../gate-parse.js';
import { reportFiles } from '../report-files.js';
import { checkReportPages, type ReportPagesCheck } from './check-report-pages.js';
import { chromiumVar } from './chromium.js';
import { writeSampleRun } from './testdata/sample-run.js';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-browser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sample = 'browser-sample';
const screenshotDir = reportFiles(runId()).screenshots;

const isPng = (file: string): boolean => existsSync(file) && readFileSync(file).subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

let report: CliResult;
let check: ReportPagesCheck;

describe('the reports in headless Chromium', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    const out = await writeSampleRun(dir, sample);
    report = await runCli(['report', '--run-id', sample], { cwd: dir, timeoutMs: 120_000 });
    if (report.code !== 0) throw new Error(`gauntlet report exited ${report.code}:\n${report.stderr}`);
    check = await checkReportPages({
      gate: parseGate(JSON.parse(readFileSync(join(out, 'gate.json'), 'utf8'))),
      gateHtml: join(out, 'gate.html'),
      chartCount: 4,
      allureReport: join(out, 'allure-report'),
      allure: { name: `sandbox-gauntlet ${sample}`, counts: { total: 3, passed: 1, failed: 1, skipped: 1 } },
      screenshotDir,
      prefix: 'browser-test-',
    });
  }, 180_000);

  it('gate.html shows the verdict, the area table and its four charts, with no console error and no request that fails or leaves the page', () => {
    const { view, log, problems } = check.gate;
    expect(view.heading).toBe('Gate: PASS (exit 0)');
    expect(view.areas.map((a) => [a.area, a.verdict])).toEqual([
      ['Security', 'PASS'],
      ['Performance', 'PASS'],
      ['Resilience', 'PASS'],
      ['Compatibility', 'PASS'],
    ]);
    for (const row of view.areas) expect(row.height, `${row.area} row`).toBeGreaterThan(10);
    expect(view.charts.map((c) => c.title)).toEqual(['Start latency: runc vs runsc', 'Start overhead against concurrency', 'Start overhead against load', 'Workloads: runsc against runc']);
    for (const c of view.charts) {
      expect(c.width, c.title).toBeGreaterThan(200);
      expect(c.height, c.title).toBeGreaterThan(100);
    }
    expect(log).toEqual({ errors: [], failedRequests: [], offsite: [] });
    expect(problems).toEqual([]);
  });

  it("the Allure report shows the run's name, its counts by status, the gate's verdict and its charts, with no console error", () => {
    if (check.allure === undefined) throw new Error('the Allure report was not checked');
    const { view, log, problems } = check.allure;
    expect(view.title).toBe(`sandbox-gauntlet ${sample}`);
    expect(view.counts).toEqual({ total: 3, passed: 1, failed: 1, skipped: 1 });
    expect(view.metadata).toMatchObject({ 'run-id': sample, 'gate-verdict': 'PASS' });
    expect(view.charts.map((c) => c.title)).toEqual(expect.arrayContaining(['Current status', 'Test results by severities']));
    for (const c of view.charts) expect(c.width * c.height, c.title).toBeGreaterThan(0);
    expect(log.errors).toEqual([]);
    // Only what Allure 3.18 itself does (allure-page.ts): its optional metrics widget, its analytics tag.
    expect(log.failedRequests.every((f) => new URL(f.url).pathname === '/widgets/metrics.json')).toBe(true);
    expect(problems).toEqual([]);
  });

  it("the screenshots are in this run's reports", () => {
    const shots = [...check.gate.screenshots, ...(check.allure?.screenshots ?? [])];
    expect(shots).toEqual(['gate', 'allure-report', 'allure-report-charts'].map((n) => join(screenshotDir, `browser-test-${n}.png`)));
    for (const s of shots) expect(isPng(s), s).toBe(true);
  });

  it('gauntlet report took its own screenshots of the same reports and saw nothing wrong', () => {
    const shots = ['gate', 'allure-report', 'allure-report-charts'].map((n) => `reports/${sample}/screenshots/${n}.png`);
    expect(report.stdout).toContain(`  browser    ${shots.join('  ')}\n`);
    expect(report.stdout).not.toContain('page problems');
    for (const s of shots) expect(isPng(join(dir, s)), s).toBe(true);
  });

  it('gauntlet report without Chromium says so, builds every other report and exits 0', async () => {
    const missing = join(dir, 'no-chromium-here');
    const r = await runCli(['report', '--run-id', sample], { cwd: dir, timeoutMs: 120_000, env: { [chromiumVar]: missing } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`  browser    no screenshots: ${chromiumVar}=${missing} is not an executable. Install Debian's package (apt-get install chromium;`);
    expect(r.stdout).toContain(`  allure     reports/${sample}/allure-report/index.html`);
  });
});
