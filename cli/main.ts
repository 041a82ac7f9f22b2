#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { GauntletError } from '../lib/errors.js';
import { ExitCode } from '../lib/vocabulary.js';
import { clusterCommand } from './cluster.js';
import { doctorCommand } from './doctor.js';
import { gateCommand, reportCommand } from './gate.js';
import { listCommand } from './list.js';
import { proveCommand } from './prove.js';
import { runCommand } from './run.js';
import { sweepCommand } from './sweep.js';

const program = new Command()
  .name('gauntlet')
  .description('Proves that a Kubernetes platform\'s gVisor sandboxing works: performance, workloads, isolation and chaos suites with a release gate.')
  .showHelpAfterError();

program.addCommand(runCommand());
program.addCommand(listCommand());
program.addCommand(doctorCommand());
program.addCommand(gateCommand());
program.addCommand(reportCommand());
program.addCommand(proveCommand());
program.addCommand(sweepCommand());
program.addCommand(clusterCommand());

/** Commander exits 1 on a bad flag by default; 1 means "gate failed" here, so bad flags throw and exit 2. */
function overrideExits(cmd: Command): void {
  cmd.exitOverride();
  for (const sub of cmd.commands) overrideExits(sub);
}
overrideExits(program);

/** Bad input and broken infrastructure end with a message and a hint, exit code 2, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.pass;
  } catch (err) {
    if (err instanceof GauntletError) {
      process.stderr.write(`gauntlet: ${err.message}\n`);
      if (err.hint) process.stderr.write(`  ${err.hint.replace(/\n/g, '\n  ')}\n`);
      return ExitCode.badInputOrInfra;
    }
    if (err instanceof CommanderError) {
      // Help and version are not errors; commander has already printed its message.
      return err.exitCode === 0 ? ExitCode.pass : ExitCode.badInputOrInfra;
    }
    throw err;
  }
}

// Exit explicitly: an unanswered request to an unreachable API must not keep the process alive.
process.exit(await main(process.argv));
