/**
 * From a run's results to every report file: results.json, gate.json, trend.json (with a
 * baseline), charts/*.svg, gate.md, gate.html, the verdict for CI (junit-gate.xml,
 * metrics.prom), the Allure HTML report, and screenshots of both reports in headless Chromium.
 * `gauntlet run`, `gauntlet gate` and `gauntlet report` are thin over this.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { GauntletConfig } from '../config/schema.js';
import { BadInputError } from '../errors.js';
import { generateAllureReport, writeAllureEnvironment } from './allure-report.js';
import type { ReportPagesOutcome } from './browser/check-report-pages.js';
import { renderCharts } from './charts.js';
import { computeGate, thresholdsFrom } from './gate.js';
import { renderGateHtml } from './gate-html.js';
import { renderGateJunit } from './gate-junit.js';
import { renderGateMarkdown } from './gate-markdown.js';
import { renderGateMetrics } from './gate-metrics.js';
import { parseGate, parseRunResults } from './gate-parse.js';
import type { Gate, RunResults } from './gate-schema.js';
import { collectRunResults } from './record.js';
import { reportFiles } from './report-files.js';
import { compareGates, type Trend } from './trend.js';

export type Progress = (msg: string) => void;

function readJson(file: string, what: string, hint: string): unknown {
  if (!existsSync(file)) throw new BadInputError(`${what} ${file} does not exist`, hint);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    throw new BadInputError(`${what} ${file} is not valid JSON: ${(err as Error).message}`, hint, { cause: err });
  }
}

/** A previous gate.json to compare with; validated up front so a bad one fails before the run. */
export function readBaseline(file: string): Gate {
  return parseGate(readJson(file, 'baseline', 'Pass the gate.json of an earlier run (reports/<run-id>/gate.json), or drop --baseline.'), file);
}

/** The run's results: an explicit results.json, else the run's results.json, else its records. */
export function loadRunResults(options: { runId?: string; resultsPath?: string }): RunResults {
  if (options.resultsPath) {
    return parseRunResults(readJson(options.resultsPath, 'results file', 'Pass a results.json written by `gauntlet run`.'), options.resultsPath);
  }
  if (!options.runId) throw new BadInputError('no run given', 'Pass --run-id <id> (a directory under reports/) or --results <results.json>.');
  const files = reportFiles(options.runId);
  if (existsSync(files.results)) return parseRunResults(readJson(files.results, 'results file', 'Rerun `gauntlet run`.'), files.results);
  if (!existsSync(files.dir)) {
    throw new BadInputError(`run ${options.runId} has no results: ${files.dir} does not exist`, 'Check the run id (the directory names under reports/), or pass --results <file>.');
  }
  // A run whose suites recorded nothing still gets a gate: every area without data is INCONCLUSIVE.
  return collectRunResults(options.runId);
}

export interface WriteReportsOptions {
  results: RunResults;
  config: Pick<GauntletConfig, 'performance' | 'security' | 'resilience' | 'load' | 'trend' | 'workloads'>;
  baseline?: Gate;
  /** Compare with a baseline tested on other runsc or Kubernetes versions (otherwise the trend only warns). */
  compareAcrossVersions?: boolean;
  /** Build the Allure HTML report from allure-results (default true). */
  allure?: boolean;
  /** Open gate.html and the Allure report in headless Chromium: screenshots, and what the pages get wrong (default false). */
  screenshots?: boolean;
  /** Shown on the Allure overview: target, context, probe image, ... */
  environment?: Record<string, string>;
  progress?: Progress;
  generatedAt?: string;
}

export interface WrittenReports {
  gate: Gate;
  trend?: Trend;
  /** With `screenshots`: what the browser saw, or why there was none to look. */
  pages?: ReportPagesOutcome;
  files: { dir: string; results: string; gateJson: string; gateMarkdown: string; gateHtml: string; junitGate: string; metrics: string; trendJson?: string; charts: string[]; allureReport?: string; junit: string[] };
}

const slug = (title: string): string => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export async function writeReports(o: WriteReportsOptions): Promise<WrittenReports> {
  const progress = o.progress ?? (() => {});
  const runId = o.results.runId;
  const f = reportFiles(runId);
  mkdirSync(f.dir, { recursive: true });
  writeFileSync(f.results, `${JSON.stringify(o.results, null, 2)}\n`);

  const gate = computeGate(o.results, thresholdsFrom(o.config), o.generatedAt ? { generatedAt: o.generatedAt } : {});
  writeFileSync(f.gateJson, `${JSON.stringify(gate, null, 2)}\n`);

  let trend: Trend | undefined;
  if (o.baseline) {
    trend = compareGates(gate, o.baseline, { maxRecoveryGrowth: o.config.trend.maxRecoveryGrowth, ...(o.compareAcrossVersions ? { compareAcrossVersions: true } : {}) });
    writeFileSync(f.trendJson, `${JSON.stringify(trend, null, 2)}\n`);
  }

  progress('rendering charts');
  const charts = await renderCharts(gate);
  const chartFiles: string[] = [];
  if (Object.keys(charts).length > 0) mkdirSync(f.charts, { recursive: true });
  for (const [title, svg] of Object.entries(charts)) {
    const file = join(f.charts, `${slug(title)}.svg`);
    writeFileSync(file, svg);
    chartFiles.push(file);
  }

  const markdown = renderGateMarkdown(gate, { charts, ...(trend && { trend }) });
  writeFileSync(f.gateMarkdown, markdown);
  writeFileSync(f.gateHtml, renderGateHtml(markdown, `Gate ${gate.verdict}: ${runId}`));
  writeFileSync(f.junitGate, renderGateJunit(gate));
  writeFileSync(f.metrics, await renderGateMetrics(gate));

  let allureReport: string | undefined;
  const allureName = `sandbox-gauntlet ${runId}`;
  if (o.allure ?? true) {
    if (existsSync(f.allureResults)) {
      progress('building the Allure report');
      writeAllureEnvironment(f.allureResults, { 'run-id': runId, 'gate-verdict': gate.verdict, ...o.environment });
    }
    if (await generateAllureReport(f.allureResults, f.allureReport, allureName)) allureReport = f.allureReport;
  }

  let pages: ReportPagesOutcome | undefined;
  if (o.screenshots) {
    progress('opening the reports in headless Chromium');
    // Loaded only here: `gauntlet gate` never needs the browser driver.
    const { tryCheckReportPages } = await import('./browser/check-report-pages.js');
    pages = await tryCheckReportPages({
      gate,
      gateHtml: f.gateHtml,
      chartCount: chartFiles.length,
      ...(allureReport && { allureReport, allure: { name: allureName } }),
      screenshotDir: f.screenshots,
    });
  }

  // The vitest projects' JUnit files; the gate's own is listed apart.
  const junit = readdirSync(f.dir).filter((n) => /^junit.*\.xml$/.test(n) && n !== basename(f.junitGate)).sort().map((n) => join(f.dir, n));
  return {
    gate,
    ...(trend && { trend }),
    ...(pages && { pages }),
    files: { dir: f.dir, results: f.results, gateJson: f.gateJson, gateMarkdown: f.gateMarkdown, gateHtml: f.gateHtml, junitGate: f.junitGate, metrics: f.metrics, ...(trend && { trendJson: f.trendJson }), charts: chartFiles, ...(allureReport && { allureReport }), junit },
  };
}
