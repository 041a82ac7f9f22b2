/**
 * The Allure report (Allure 3's "awesome" app) as a browser shows it: the overview's title,
 * counts by status and metadata (environment.properties, with the gate's verdict), and the
 * charts of its Graphs section. The selectors are the app's own test ids and its chart role.
 */
import type { Page } from 'playwright-core';
import { reportPageLoadMs } from '../../timeouts.js';
import { boxOf, type Box } from './gate-page.js';

export interface AllurePageView {
  title: string;
  /** The overview's counts: total, passed, failed, skipped, broken, ... */
  counts: Record<string, number>;
  /** The overview's metadata: run-id, gate-verdict, target, ... */
  metadata: Record<string, string>;
  /** The charts of the Graphs section, each with its widget's title. */
  charts: (Box & { title: string })[];
}

/**
 * Allure 3.18's app asks for widgets/metrics.json whatever the run, and its generator writes
 * it only for a run with metrics: a 404 the report itself causes, not a broken report.
 */
export const allureOptionalRequests = [/\/widgets\/metrics\.json(\?|$)/];
/** Allure 3.18 puts an analytics tag in every report (no option turns it off); the check refuses it. */
export const allureOffsiteRequests = [/\/gtag\/js\?/];

/** The overview, as it is once the app has loaded its data; `page` shows the report's index.html. */
export async function readAllureOverview(page: Page): Promise<Omit<AllurePageView, 'charts'>> {
  await page.getByTestId('report-title').waitFor({ timeout: reportPageLoadMs });
  await page.waitForLoadState('networkidle', { timeout: reportPageLoadMs });
  const counts: Record<string, number> = {};
  for (const item of await page.locator('[data-testid^="metadata-item-"]').all()) {
    const status = (await item.getAttribute('data-testid'))?.slice('metadata-item-'.length);
    const n = /\d+/.exec((await item.textContent()) ?? '')?.[0];
    if (status && !['key', 'value'].includes(status) && n !== undefined) counts[status] = Number(n);
  }
  const metadata: Record<string, string> = {};
  for (const item of await page.locator('[data-testid="metadata-item"]').all()) {
    const key = (await item.getByTestId('metadata-item-key').textContent())?.trim();
    if (key) metadata[key] = ((await item.getByTestId('metadata-item-value').textContent()) ?? '').trim();
  }
  return { title: ((await page.getByTestId('report-title').textContent()) ?? '').trim(), counts, metadata };
}

/** The Graphs section's charts; `page` is switched to it (the app's #charts route). */
export async function readAllureCharts(page: Page, reportUrl: string): Promise<AllurePageView['charts']> {
  await page.goto(`${reportUrl}#charts`);
  const charts = page.locator('svg[role="img"]');
  await charts.first().waitFor({ timeout: reportPageLoadMs });
  const out = [];
  for (const svg of await charts.all()) {
    const title = svg.locator('xpath=ancestor::div[@data-drop-shadow="true"][1]').locator('.headings-head-s');
    out.push({ title: (await title.count()) > 0 ? ((await title.first().textContent()) ?? '').trim() : '', ...(await boxOf(svg)) });
  }
  return out;
}

/** What the report must show: its name, the gate's verdict, and (when known) the counts by status. */
export interface AllureExpectation {
  name: string;
  gateVerdict: string;
  counts?: Record<string, number>;
}

/** Pure: what the page gets wrong; empty when it shows the run. */
export function allurePageProblems(view: AllurePageView, want: AllureExpectation): string[] {
  const problems: string[] = [];
  if (view.title !== want.name) problems.push(`the report's title is "${view.title}", not "${want.name}"`);
  if (view.metadata['gate-verdict'] !== want.gateVerdict) problems.push(`the overview's gate-verdict is ${view.metadata['gate-verdict'] ?? 'missing'}, the gate ${want.gateVerdict}`);
  if ((view.counts.total ?? 0) === 0) problems.push('the overview counts no test results');
  for (const [status, n] of Object.entries(want.counts ?? {})) {
    if (view.counts[status] !== n) problems.push(`the overview counts ${view.counts[status] ?? 0} ${status}, the results ${n}`);
  }
  if (view.charts.length === 0) problems.push('the Graphs section has no chart');
  for (const c of view.charts) if (!(c.width > 0 && c.height > 0)) problems.push(`chart "${c.title}" has no size (${c.width}×${c.height})`);
  return problems;
}
