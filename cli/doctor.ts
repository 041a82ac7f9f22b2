import { Command } from 'commander';
import type { DoctorReport } from '../lib/doctor/doctor.js';
import { ExitCode } from '../lib/vocabulary.js';
import { configFrom, kubeOptionsFrom, runtimeClassFrom, withTargetOptions, type TargetFlags } from './common.js';

/** Runs the doctor for the flags and prints its table; the report decides the exit code. */
export async function doctorFor(flags: TargetFlags & { runtimeClass?: string }): Promise<DoctorReport> {
  const { config } = configFrom(flags);
  const { runDoctor } = await import('../lib/doctor/doctor.js');
  const report = await runDoctor({ ...kubeOptionsFrom(flags, config), runtimeClass: flags.runtimeClass ?? runtimeClassFrom(config) });
  return report;
}

export function doctorCommand(): Command {
  return withTargetOptions(new Command('doctor').description('check that the target cluster can run the suites: API, RBAC, RuntimeClass, nodes Ready, gVisor per node (exit 0 or 2)'))
    .option('--runtime-class <name>', 'RuntimeClass that selects gVisor (default: config target.runtimeClass, gvisor)')
    .action(async (flags: TargetFlags & { runtimeClass?: string }) => {
      const report = await doctorFor(flags);
      const { renderDoctor } = await import('../lib/doctor/render.js');
      process.stdout.write(renderDoctor(report));
      process.exitCode = report.ok ? ExitCode.pass : ExitCode.badInputOrInfra;
    });
}
