/**
 * gate.html as a browser shows it: the heading with the verdict, the area table, the charts.
 * `readGatePage` reads the rendered page; `gatePageProblems` (pure) compares it with the gate.
 */
import type { Locator, Page } from 'playwright-core';
import { areaTitles, inScope } from '../gate-markdown.js';
import type { Gate } from '../gate-schema.js';

/** A rendered element's box, in CSS pixels. */
export interface Box {
  width: number;
  height: number;
}

export interface GatePageView {
  /** The first heading's text. */
  heading: string;
  /** Rows of the table headed "Area | Verdict": their first two cells and the row's box. */
  areas: (Box & { area: string; verdict: string })[];
  /** Every top-level SVG with the heading just above it. */
  charts: (Box & { title: string })[];
}

/** The box of what a locator matches, 0×0 when it is not rendered. */
export async function boxOf(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  return { width: b?.width ?? 0, height: b?.height ?? 0 };
}

const text = async (l: Locator): Promise<string> => ((await l.count()) > 0 ? ((await l.first().textContent()) ?? '').trim() : '');

// Locators, not page.evaluate: a function compiled by tsx or vitest carries esbuild's name
// helpers, which do not exist in the page.
export async function readGatePage(page: Page): Promise<GatePageView> {
  const table = page.locator('table').filter({ has: page.locator('thead th:first-child', { hasText: /^Area$/ }) }).first();
  const areas = [];
  for (const row of await table.locator('tbody tr').all()) {
    areas.push({ area: await text(row.locator('td').nth(0)), verdict: await text(row.locator('td').nth(1)), ...(await boxOf(row)) });
  }
  const charts = [];
  for (const svg of await page.locator('svg:not(svg svg)').all()) {
    // The chart's title is the nearest heading before it.
    charts.push({ title: await text(svg.locator('xpath=preceding::*[self::h2 or self::h3][1]')), ...(await boxOf(svg)) });
  }
  return { heading: await text(page.locator('h1')), areas, charts };
}

const shown = (b: Box): boolean => b.width > 0 && b.height > 0;

/** Pure: what the page gets wrong about `gate`, whose markdown embedded `chartCount` charts; empty when it shows it. */
export function gatePageProblems(view: GatePageView, gate: Pick<Gate, 'verdict' | 'exitCode' | 'areas' | 'scope'>, chartCount: number): string[] {
  const problems: string[] = [];
  const verdict = `Gate: ${gate.verdict} (exit ${gate.exitCode})`;
  if (!view.heading.startsWith(verdict)) problems.push(`the heading is "${view.heading}", not "${verdict}…"`);
  if (view.areas.length === 0) problems.push('no area table (a table headed Area | Verdict)');
  for (const a of ['security', 'performance', 'resilience'] as const) {
    if (view.areas.length === 0) break;
    const row = view.areas.find((r) => r.area === areaTitles[a]);
    const want = inScope(gate, a) ? gate.areas[a].verdict : 'not run';
    if (!row) problems.push(`the area table has no row ${areaTitles[a]}`);
    else if (row.verdict !== want) problems.push(`the area table says ${areaTitles[a]} ${row.verdict}, the gate ${want}`);
    else if (!shown(row)) problems.push(`the area table's row ${areaTitles[a]} is not shown (${row.width}×${row.height})`);
  }
  if (view.charts.length !== chartCount) problems.push(`${view.charts.length} chart(s) on the page, ${chartCount} in the report`);
  for (const c of view.charts) if (!shown(c)) problems.push(`chart "${c.title}" has no size (${c.width}×${c.height})`);
  return problems;
}
