#!/usr/bin/env node
import { Command } from 'commander';
import { GauntletError } from '../lib/errors.js';
import { ExitCode } from '../lib/vocabulary.js';
import { clusterCommand } from './cluster.js';

const program = new Command()
  .name('gauntlet')
  .description('Proves that a Kubernetes platform\'s gVisor sandboxing works: performance, isolation and chaos suites with a release gate.')
  .showHelpAfterError();

program.addCommand(clusterCommand());

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
    throw err;
  }
}

process.exitCode = await main(process.argv);
