import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { BadInputError } from '../lib/errors.js';
import { isValidRunId } from '../lib/run-id.js';
import { configFrom, progressFor } from './common.js';
import { printVerdict } from './verdict.js';

interface GateFlags {
  runId?: string;
  results?: string;
  baseline?: string;
  config?: string;
  compareAcrossVersions?: boolean;
  /** `gauntlet report` only: open the reports in headless Chromium (commander's --no-screenshots). */
  screenshots?: boolean;
}

/** The newest run under reports/ (generated ids sort by start time). */
export function latestRunId(dir = join(process.cwd(), 'reports')): string {
  const runs = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && isValidRunId(d.name)).map((d) => d.name).sort() : [];
  const last = runs.at(-1);
  if (!last) throw new BadInputError(`no runs under ${dir}`, 'Run `gauntlet run` first, or pass --run-id / --results.');
  return last;
}

function checkRunId(id: string | undefined): string | undefined {
  if (id !== undefined && !isValidRunId(id)) throw new BadInputError(`--run-id "${id}" is not a run id`, 'Use a directory name under reports/, e.g. 20260101-120000-ab12.');
  return id;
}

async function gateAction(flags: GateFlags, allure: boolean): Promise<number> {
  const { config } = configFrom(flags);
  const { loadRunResults, readBaseline, writeReports } = await import('../lib/report/write-reports.js');
  const baseline = flags.baseline ? readBaseline(resolve(flags.baseline)) : undefined;
  const runId = flags.results ? undefined : (checkRunId(flags.runId) ?? latestRunId());
  const results = loadRunResults({ ...(runId && { runId }), ...(flags.results && { resultsPath: resolve(flags.results) }) });
  const written = await writeReports({
    results,
    config,
    ...(baseline && { baseline }),
    ...(flags.compareAcrossVersions && { compareAcrossVersions: true }),
    allure,
    screenshots: allure && flags.screenshots !== false,
    progress: progressFor(allure ? 'report' : 'gate'),
  });
  printVerdict(written);
  return written.gate.exitCode;
}

const common = (cmd: Command): Command =>
  cmd
    .option('--run-id <id>', 'the run under reports/ (default: the newest)')
    .option('--baseline <gate.json>', 'a previous gate.json: name regressions against it')
    .option('--compare-across-versions', 'compare with a baseline tested on other runsc or Kubernetes versions (default: warn and do not compare)')
    .option('--config <file>', 'configuration with the thresholds (default: gauntlet.config.yaml here, else defaults)');

export function gateCommand(): Command {
  return common(new Command('gate'))
    .description('judge a run against the thresholds: gate.json, gate.md, gate.html, charts (exit 0 pass, 1 fail, 2 bad input or infrastructure)')
    .option('--results <results.json>', 'judge this results file instead of a run directory')
    .action(async (flags: GateFlags) => {
      process.exitCode = await gateAction(flags, false);
    });
}

export function reportCommand(): Command {
  return common(new Command('report'))
    .description('(re)build every report of a run: the gate files, the Allure HTML report from allure-results, and screenshots of both in headless Chromium (reports/<run-id>/screenshots/; without Chromium it says so and goes on)')
    .option('--no-screenshots', 'do not open the reports in headless Chromium')
    .action(async (flags: GateFlags) => {
      await gateAction(flags, true);
      process.exitCode = 0;
    });
}
