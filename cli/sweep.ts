import { Command } from 'commander';
import { runId as currentRunId } from '../lib/run-id.js';
import { ExitCode } from '../lib/vocabulary.js';
import { configFrom, kubeOptionsFrom, progressFor, withTargetOptions, type TargetFlags } from './common.js';

interface SweepFlags extends TargetFlags {
  dryRun?: boolean;
}

export function sweepCommand(): Command {
  return withTargetOptions(
    new Command('sweep').description(
      "remove what killed runs of this harness left (by its labels, nothing else): namespaces with their pods, ClusterRoleBindings, RuntimeClasses; on the embedded cluster also stopped or stray node containers and a hidden runsc shim; report nodes not Ready and schedulable (exit 0 when clean, 2 otherwise)",
    ),
  )
    .option('--dry-run', 'list what would be removed, remove nothing')
    .action(async (flags: SweepFlags) => {
      process.exitCode = await sweepNow(flags);
    });
}

async function sweepNow(flags: SweepFlags): Promise<number> {
  const { config } = configFrom(flags);
  const [{ createKube }, { renderSweep, sweepLeftovers, sweptClean }] = await Promise.all([import('../lib/kube/client.js'), import('../lib/run/sweep-leftovers.js')]);
  const kube = createKube(kubeOptionsFrom(flags, config));
  const result = await sweepLeftovers(kube, { runId: currentRunId(), dryRun: flags.dryRun ?? false, progress: progressFor('sweep') });
  process.stdout.write(renderSweep(result));
  return sweptClean(result) || flags.dryRun ? ExitCode.pass : ExitCode.badInputOrInfra;
}
