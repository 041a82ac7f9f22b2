import { Command, Option } from 'commander';
import { suiteProjects, type SuiteProject } from '../lib/report/suite-outcome.js';
import { ExitCode } from '../lib/vocabulary.js';
import { configFrom } from './common.js';

interface ListFlags {
  suite?: SuiteProject[];
  grep?: string;
  config?: string;
  json?: boolean;
}

export function listCommand(): Command {
  return new Command('list')
    .description('the tests each suite would run, with their area, from vitest\'s own collection; no cluster is used (files that make their tests from the cluster are named, not listed: `gauntlet run --dry-run` lists them); exit 0, or 2 on bad input')
    .addOption(new Option('--suite <name...>', 'suites to list (default: all)').choices(suiteProjects))
    .option('--grep <pattern>', 'only tests whose name matches this regular expression, as `gauntlet run --grep` would run them')
    .option('--config <file>', 'configuration file (some test names carry its values; default: gauntlet.config.yaml here, else built-in defaults)')
    .option('--json', 'the list as JSON (the plan: suites, area, files, test names, files not listed and why)')
    .action(async (flags: ListFlags) => {
      process.exitCode = await list(flags);
    });
}

async function list(flags: ListFlags): Promise<number> {
  const { file: configFile } = configFrom(flags);
  const [{ collectTests }, { checkGrep, selectTests }, { renderPlan }] = await Promise.all([import('../lib/run/collect-tests.js'), import('../lib/run/select-tests.js'), import('../lib/run/test-plan.js')]);
  if (flags.grep !== undefined) checkGrep(flags.grep);
  const projects = flags.suite && flags.suite.length > 0 ? [...new Set(flags.suite)] : suiteProjects;
  const plan = await collectTests({ projects, mode: 'offline', ...(flags.grep !== undefined && { grep: flags.grep }), env: { ...process.env, ...(configFile && { GAUNTLET_CONFIG: configFile }) } });
  // A --grep that certainly matches nothing is bad input here as it is for `gauntlet run`.
  selectTests(plan, flags.grep !== undefined ? { grep: flags.grep } : {});
  process.stdout.write(flags.json ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(plan));
  return ExitCode.pass;
}
