/**
 * One report page in a fresh browser page, with everything that went wrong while it loaded:
 * the page's own errors, its failed requests, and every request that left the report.
 */
import type { Browser, Page } from 'playwright-core';

export interface PageLog {
  /** Uncaught exceptions and console errors of the page's scripts. */
  errors: string[];
  /** Requests within the report that failed or answered 400 or more. */
  failedRequests: { url: string; why: string }[];
  /** Requests that would leave the report (another origin); refused, since a report must not need the network. */
  offsite: string[];
}

export interface OpenedPage {
  page: Page;
  log: PageLog;
}

/** Requests to anything but this prefix (the report's own directory or server) are offsite. */
const within = (url: string, prefix: string): boolean => url.startsWith(prefix) || url.startsWith('data:') || url.startsWith('blob:');

export async function openPage(browser: Browser, url: string, o: { within: string; viewport?: { width: number; height: number } }): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: o.viewport ?? { width: 1280, height: 900 } });
  const log: PageLog = { errors: [], failedRequests: [], offsite: [] };
  page.on('pageerror', (err) => log.errors.push(`uncaught ${err.name}: ${err.message}`));
  page.on('console', (m) => {
    // Chromium reports every failed load as a console error too; those are counted, with their
    // URL and status, as failed requests below (or as offsite), not twice.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) log.errors.push(`console: ${m.text()}`);
  });
  // A request answered 404 is then aborted too: one entry per URL, its first reason.
  const failed = (url: string, why: string): void => {
    if (within(url, o.within) && !log.failedRequests.some((f) => f.url === url)) log.failedRequests.push({ url, why });
  };
  page.on('requestfailed', (r) => failed(r.url(), r.failure()?.errorText ?? 'failed'));
  page.on('response', (r) => {
    if (r.status() >= 400) failed(r.url(), `HTTP ${r.status()}`);
  });
  await page.route('**/*', (route) => {
    const target = route.request().url();
    if (within(target, o.within)) return route.continue();
    log.offsite.push(target);
    return route.abort('blockedbyclient');
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, log };
}

/** What a page may do without it counting: failed requests and offsite requests it is known to make. */
export interface Tolerated {
  failedRequests?: RegExp[];
  offsite?: RegExp[];
}

/** Pure: the log's problems, those `tolerated` left out; empty for a clean load. */
export function pageLogProblems(log: PageLog, tolerated: Tolerated = {}): string[] {
  const known = (url: string, patterns: RegExp[] = []): boolean => patterns.some((p) => p.test(url));
  return [
    ...log.errors,
    ...log.failedRequests.filter((f) => !known(f.url, tolerated.failedRequests)).map((f) => `request ${f.url} failed: ${f.why}`),
    ...log.offsite.filter((url) => !known(url, tolerated.offsite)).map((url) => `request to ${url} leaves the report (refused)`),
  ];
}
