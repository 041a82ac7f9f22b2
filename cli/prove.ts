import { Command } from 'commander';
import { runId as currentRunId } from '../lib/run-id.js';
import { ExitCode } from '../lib/vocabulary.js';
import { progressFor, projectRoot } from './common.js';

interface ProveFlags {
  only?: string[];
  list?: boolean;
}

export function proveCommand(): Command {
  return new Command('prove')
    .description('sensitivity self-test on the embedded cluster: break it in known ways, one at a time, check the gate says FAIL for the stated reason, restore it (exit 0 only if every sabotage was detected and every restore left the cluster healthy)')
    .option('--only <id...>', 'run only these sabotages')
    .option('--list', 'list the sabotages and exit')
    .action(async (flags: ProveFlags) => {
      process.exitCode = await prove(flags);
    });
}

async function prove(flags: ProveFlags): Promise<number> {
  const progress = progressFor('prove');
  const { sabotages } = await import('../lib/prove/sabotages.js');
  if (flags.list) {
    for (const s of sabotages) process.stdout.write(`${s.id}\t${s.area}\t${s.reach}\t${s.title}\n`);
    return ExitCode.pass;
  }
  const { assertEmbeddedTarget, runProve, selectSabotages } = await import('../lib/prove/prove.js');
  selectSabotages(flags.only); // bad input first, in seconds
  if (process.env.GAUNTLET_KUBECONFIG || process.env.KUBECONFIG) await assertEmbeddedTarget();
  process.chdir(projectRoot);
  const { clusterUp } = await import('../lib/cluster/up.js');
  await clusterUp(progressFor('cluster'));
  await assertEmbeddedTarget();
  const runId = currentRunId();
  const result = await runProve({ runId, ...(flags.only ? { only: flags.only } : {}), log: progress });
  process.stdout.write(`\n${result.table}\n\n${result.summary}\nreport: reports/${runId}/prove.md\n`);
  return result.passed ? ExitCode.pass : ExitCode.gateFail;
}
