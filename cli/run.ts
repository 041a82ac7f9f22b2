import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { harnessKubeconfigPath } from '../lib/paths.js';
import { reportFiles } from '../lib/report/report-files.js';
import { suiteProjects, type SuiteProject } from '../lib/report/suite-outcome.js';
import { runId as currentRunId } from '../lib/run-id.js';
import { ExitCode } from '../lib/vocabulary.js';
import { configFrom, kubeOptionsFrom, progressFor, projectRoot, runtimeClassFrom, type TargetFlags } from './common.js';

interface RunFlags extends TargetFlags {
  suite?: SuiteProject[];
  probeImage?: string;
  baseline?: string;
  compareAcrossVersions?: boolean;
  allure: boolean;
  sweep: boolean;
  grep?: string;
}

export function runCommand(): Command {
  return new Command('run')
    .description('doctor, then the suites one after another, then results.json, gate.json, gate.md/html, charts and the Allure report under reports/<run-id>/ (exit 0 pass, 1 gate fail, 2 bad input or infrastructure)')
    .addOption(new Option('--suite <name...>', 'suites to run, in this order (default: all)').choices(suiteProjects))
    .option('--kubeconfig <file>', 'kubeconfig of the target (default: $KUBECONFIG, else the embedded local cluster, brought up if needed)')
    .option('--context <name>', 'context in the kubeconfig (default: its current context)')
    .option('--config <file>', 'configuration file (default: gauntlet.config.yaml here, else built-in defaults)')
    .option('--probe-image <ref>', 'probe image (default: config probe.image)')
    .option('--baseline <gate.json>', 'a previous gate.json: name regressions against it')
    .option('--compare-across-versions', 'compare with a baseline tested on other runsc or Kubernetes versions (default: warn and do not compare)')
    .option('--no-allure', 'skip the Allure HTML report')
    .option('--grep <pattern>', 'only tests whose name matches this regular expression (vitest -t)')
    .option('--no-sweep', 'do not remove leftovers of earlier runs first (a second run shares this cluster; see `gauntlet sweep`)')
    .action(async (flags: RunFlags) => {
      process.exitCode = await run(flags);
    });
}

async function run(flags: RunFlags): Promise<number> {
  const progress = progressFor('run');
  const started = Date.now();
  // Bad input first, before anything slow: config, baseline, kubeconfig choice. Heavy modules
  // (Kubernetes client, Docker, vega) load only after the config is known to be good.
  const { config, file: configFile } = configFrom(flags);
  const [{ chooseKubeconfig }, { readBaseline, writeReports }] = await Promise.all([import('../lib/kube/client.js'), import('../lib/report/write-reports.js')]);
  const baseline = flags.baseline ? readBaseline(resolve(flags.baseline)) : undefined;
  const suites = flags.suite && flags.suite.length > 0 ? [...new Set(flags.suite)] : suiteProjects;
  const kubeOptions = kubeOptionsFrom(flags, config);
  const useLocal = kubeOptions.kubeconfigPath === undefined && !process.env.KUBECONFIG;
  if (!useLocal) chooseKubeconfig(kubeOptions);
  // The suites run from the project root (vitest.config.ts) and write reports/ there; so do we.
  process.chdir(projectRoot);

  const runId = currentRunId();
  const files = reportFiles(runId);
  mkdirSync(files.dir, { recursive: true });
  progress(`run ${runId}: suites ${suites.join(', ')}; reports in ${files.dir}`);

  if (useLocal) {
    progress('no kubeconfig given and KUBECONFIG unset: bringing up the embedded local cluster (reused when healthy)');
    const { clusterUp } = await import('../lib/cluster/up.js');
    await clusterUp(progressFor('cluster'));
    // The suites run as the least-privilege ServiceAccount of deploy/rbac.yaml, as on a user's cluster.
    kubeOptions.kubeconfigPath = harnessKubeconfigPath();
  }
  const runtimeClass = runtimeClassFrom(config);
  const probeImage = flags.probeImage ?? process.env.GAUNTLET_PROBE_IMAGE ?? config.probe.image;
  const toolsImage = process.env.GAUNTLET_TOOLS_IMAGE ?? config.tools.image;

  const [{ runDoctor }, { renderDoctor }, { collectRunResults }, { runSuites }, { printVerdict }] = await Promise.all([
    import('../lib/doctor/doctor.js'),
    import('../lib/doctor/render.js'),
    import('../lib/report/record.js'),
    import('./suites.js'),
    import('./verdict.js'),
  ]);
  progress('doctor: checking the target');
  const report = await runDoctor({ ...kubeOptions, runtimeClass });
  const doctorText = renderDoctor(report);
  writeFileSync(`${files.dir}/doctor.txt`, doctorText);
  process.stderr.write(doctorText);
  if (!report.ok) {
    process.stderr.write(`gauntlet: the target cannot run the suites (see the table above and ${files.dir}/doctor.txt); no suite was run\n`);
    return ExitCode.badInputOrInfra;
  }

  if (flags.sweep) {
    // Leftovers of killed runs of this harness (by label) go before anything new starts.
    progress('sweep: leftovers of earlier runs of this harness');
    const [{ createKube }, { renderSweep, sweepLeftovers }] = await Promise.all([import('../lib/kube/client.js'), import('../lib/run/sweep-leftovers.js')]);
    const swept = await sweepLeftovers(createKube(kubeOptions), { runId, progress });
    writeFileSync(files.sweep, renderSweep(swept));
    process.stderr.write(renderSweep(swept));
  }

  // Workers get no flags: everything they need goes through the environment.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GAUNTLET_RUN_ID: runId,
    GAUNTLET_PROBE_IMAGE: probeImage,
    GAUNTLET_TOOLS_IMAGE: toolsImage,
    GAUNTLET_RUNTIME_CLASS: runtimeClass,
    ...(kubeOptions.kubeconfigPath && { GAUNTLET_KUBECONFIG: kubeOptions.kubeconfigPath }),
    ...(kubeOptions.context && { GAUNTLET_CONTEXT: kubeOptions.context }),
    ...(configFile && { GAUNTLET_CONFIG: configFile }),
  };
  const { RunInterrupt } = await import('../lib/run/interrupt.js');
  const interrupt = new RunInterrupt(files.interruptMarker, progress).install();
  const { outcomes, notRun } = await runSuites(suites, runId, env, progress, interrupt, flags.grep ? ['-t', flags.grep] : []);
  const interrupted = interrupt.interrupted;

  progress(interrupted ? `interrupted by ${interrupted.signal}: writing a partial gate` : 'computing the gate and writing reports');
  const results = { ...collectRunResults(runId), suites: outcomes, ...(interrupted && { interrupted: { ...interrupted, notRun } }) };
  const written = await writeReports({
    results,
    config,
    ...(baseline && { baseline }),
    ...(flags.compareAcrossVersions && { compareAcrossVersions: true }),
    // An interrupted run ends quickly: no Allure report (its results stay in allure-results/).
    allure: flags.allure && !interrupted,
    environment: { target: report.target?.server ?? '?', context: report.target?.context ?? '?', 'probe-image': probeImage, 'tools-image': toolsImage, 'runtime-class': runtimeClass, suites: suites.join(', ') },
    progress,
  });
  printVerdict(written, Date.now() - started);
  interrupt.uninstall();
  // An interrupted run exits 130 even when an area FAILed before the signal (the gate says so).
  return interrupted ? ExitCode.interrupted : written.gate.exitCode;
}
