/**
 * A run's reports opened in headless Chromium as a reader opens them: gate.html from disk,
 * the Allure report over loopback HTTP (as `allure open` serves it). Each page is read,
 * judged against the gate, and screenshotted; a page that does not load is a problem with a
 * screenshot of what it showed, not a crash.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserUnavailableError } from '../../errors.js';
import type { Gate } from '../gate-schema.js';
import { allureOffsiteRequests, allureOptionalRequests, allurePageProblems, readAllureCharts, readAllureOverview, type AllureExpectation, type AllurePageView } from './allure-page.js';
import { launchChromium } from './chromium.js';
import { gatePageProblems, readGatePage, type GatePageView } from './gate-page.js';
import { openPage, pageLogProblems, type PageLog } from './open-page.js';
import { serveDir } from './serve-dir.js';

export interface PageCheck<V> {
  url: string;
  view: V;
  log: PageLog;
  /** Empty when the page loaded cleanly and shows what the run says. */
  problems: string[];
  screenshots: string[];
}

export interface ReportPagesCheck {
  gate: PageCheck<GatePageView>;
  allure?: PageCheck<AllurePageView>;
}

export interface ReportPagesOptions {
  gate: Pick<Gate, 'verdict' | 'exitCode' | 'areas' | 'scope'>;
  gateHtml: string;
  /** Charts gate.md embeds. */
  chartCount: number;
  /** The Allure report's directory, when one was built. */
  allureReport?: string;
  allure?: Omit<AllureExpectation, 'gateVerdict'>;
  screenshotDir: string;
  /** Before each screenshot's name: gate.png, allure-report.png, allure-report-charts.png. */
  prefix?: string;
  env?: NodeJS.ProcessEnv;
}

const failure = (what: string, err: unknown): string => `${what}: ${((err as Error).message ?? String(err)).split('\n')[0]}`;

/** Throws BrowserUnavailableError when there is no Chromium to use. */
export async function checkReportPages(o: ReportPagesOptions): Promise<ReportPagesCheck> {
  mkdirSync(o.screenshotDir, { recursive: true });
  const shot = (name: string): string => join(o.screenshotDir, `${o.prefix ?? ''}${name}.png`);
  const browser = await launchChromium(o.env);
  try {
    const gateUrl = pathToFileURL(o.gateHtml).href;
    const g = await openPage(browser, gateUrl, { within: `${pathToFileURL(dirname(o.gateHtml)).href}/` });
    const gateView = await readGatePage(g.page);
    await g.page.screenshot({ path: shot('gate'), fullPage: true });
    await g.page.close();
    const gate = { url: gateUrl, view: gateView, log: g.log, problems: [...pageLogProblems(g.log), ...gatePageProblems(gateView, o.gate, o.chartCount)], screenshots: [shot('gate')] };
    if (o.allureReport === undefined) return { gate };

    const served = await serveDir(o.allureReport);
    try {
      const a = await openPage(browser, served.url, { within: served.url });
      const view: AllurePageView = { title: '', counts: {}, metadata: {}, charts: [] };
      const broken: string[] = [];
      try {
        Object.assign(view, await readAllureOverview(a.page));
      } catch (err) {
        broken.push(failure('the overview did not load', err));
      }
      await a.page.screenshot({ path: shot('allure-report'), fullPage: true });
      try {
        view.charts = await readAllureCharts(a.page, served.url);
      } catch (err) {
        broken.push(failure('the Graphs section drew no chart', err));
      }
      await a.page.screenshot({ path: shot('allure-report-charts'), fullPage: true });
      const problems = [
        ...pageLogProblems(a.log, { failedRequests: allureOptionalRequests, offsite: allureOffsiteRequests }),
        ...broken,
        ...(broken.length === 0 ? allurePageProblems(view, { name: o.allure?.name ?? view.title, gateVerdict: o.gate.verdict, ...(o.allure?.counts && { counts: o.allure.counts }) }) : []),
      ];
      return { gate, allure: { url: served.url, view, log: a.log, problems, screenshots: [shot('allure-report'), shot('allure-report-charts')] } };
    } finally {
      await served.close();
    }
  } finally {
    await browser.close();
  }
}

/** For the report step: the screenshots and every page's problems, or why there is no browser to take them. */
export type ReportPagesOutcome = { screenshots: string[]; problems: string[] } | { unavailable: string };

export async function tryCheckReportPages(o: ReportPagesOptions): Promise<ReportPagesOutcome> {
  try {
    const c = await checkReportPages(o);
    const pages = [['gate.html', c.gate], ...(c.allure ? [['the Allure report', c.allure] as const] : [])] as const;
    return { screenshots: pages.flatMap(([, p]) => p.screenshots), problems: pages.flatMap(([name, p]) => p.problems.map((x) => `${name}: ${x}`)) };
  } catch (err) {
    if (err instanceof BrowserUnavailableError) return { unavailable: `${err.message}. ${err.hint ?? ''}`.trim() };
    throw err;
  }
}
