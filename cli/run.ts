import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { BadInputError } from '../lib/errors.js';
import { harnessKubeconfigPath } from '../lib/paths.js';
import { reportFiles } from '../lib/report/report-files.js';
import { suiteProjects, type SuiteProject } from '../lib/report/suite-outcome.js';
import { runId as currentRunId } from '../lib/run-id.js';
import { LiveDisplay, PlainDisplay, wantsLiveLine } from '../lib/run/progress-display.js';
import { ExitCode } from '../lib/vocabulary.js';
import { configFrom, kubeOptionsFrom, progressFor, projectRoot, runtimeClassFrom, type TargetFlags } from './common.js';

interface RunFlags extends TargetFlags {
  suite?: SuiteProject[];
  probeImage?: string;
  baseline?: string;
  compareAcrossVersions?: boolean;
  allure: boolean;
  screenshots: boolean;
  sweep: boolean;
  grep?: string;
  dryRun?: boolean;
  rerunFailed?: string;
}

export function runCommand(): Command {
  return new Command('run')
    .description('doctor, then the suites one after another, then results.json, gate.json, gate.md/html, charts and the Allure report under reports/<run-id>/; a live progress line on a terminal, reports/<run-id>/progress.json always (exit 0 pass, 1 gate fail, 2 bad input or infrastructure)')
    .addOption(new Option('--suite <name...>', 'suites to run, in this order (default: all)').choices(suiteProjects))
    .option('--kubeconfig <file>', 'kubeconfig of the target (default: $KUBECONFIG, else the embedded local cluster, brought up if needed)')
    .option('--context <name>', 'context in the kubeconfig (default: its current context)')
    .option('--config <file>', 'configuration file (default: gauntlet.config.yaml here, else built-in defaults)')
    .option('--probe-image <ref>', 'probe image (default: config probe.image)')
    .option('--baseline <gate.json>', 'a previous gate.json: name regressions against it')
    .option('--compare-across-versions', 'compare with a baseline tested on other runsc or Kubernetes versions (default: warn and do not compare)')
    .option('--no-allure', 'skip the Allure HTML report')
    .option('--no-screenshots', 'do not open gate.html and the Allure report in headless Chromium (screenshots in reports/<run-id>/screenshots/)')
    .option('--grep <pattern>', 'only tests whose name matches this regular expression (vitest -t; names as `gauntlet list` prints them); suites with no match are left out')
    .option('--rerun-failed <run-id>', 'only the tests that failed or were inconclusive in that run (its reports/<run-id>/vitest-*.json), judged again; the gate says it is a partial rerun')
    .option('--dry-run', 'check the configuration, run the doctor, list the tests that would run with their area, and exit: nothing is run, changed or written (the local cluster is not brought up)')
    .option('--no-sweep', 'do not remove leftovers of earlier runs first (a second run shares this cluster; see `gauntlet sweep`)')
    .action(async (flags: RunFlags) => {
      process.exitCode = await run(flags);
    });
}

async function run(flags: RunFlags): Promise<number> {
  const started = Date.now();
  // Bad input first, before anything slow: config, baseline, kubeconfig choice, the selection.
  // Heavy modules (Kubernetes client, Docker, vega) load only after the config is known to be good.
  const { config, file: configFile } = configFrom(flags);
  const [{ chooseKubeconfig }, { readBaseline, writeReports }, { checkGrepOffline, planRun }, { readRerunWanted, rerunWithin }, { checkGrep, renderSelection }] = await Promise.all([
    import('../lib/kube/client.js'),
    import('../lib/report/write-reports.js'),
    import('../lib/run/plan-run.js'),
    import('../lib/run/rerun-failed.js'),
    import('../lib/run/select-tests.js'),
  ]);
  const baseline = flags.baseline ? readBaseline(resolve(flags.baseline)) : undefined;
  const requested = flags.suite && flags.suite.length > 0 ? [...new Set(flags.suite)] : undefined;
  const kubeOptions = kubeOptionsFrom(flags, config);
  const useLocal = kubeOptions.kubeconfigPath === undefined && !process.env.KUBECONFIG;
  if (!useLocal) chooseKubeconfig(kubeOptions);
  // The suites run from the project root (vitest.config.ts) and write reports/ there; so do we.
  process.chdir(projectRoot);

  if (flags.grep !== undefined) checkGrep(flags.grep);
  const rerun = flags.rerunFailed !== undefined ? rerunWithin(readRerunWanted(flags.rerunFailed), requested) : undefined;
  const suites = requested ?? (rerun ? rerun.projects.map((p) => p.project) : suiteProjects);
  if (flags.grep !== undefined && !rerun) await checkGrepOffline(suites, flags.grep, { ...process.env, ...(configFile && { GAUNTLET_CONFIG: configFile }) });

  const runId = currentRunId();
  const files = reportFiles(runId);
  // A dry run writes nothing: its directory would pass for the newest run (gauntlet gate, report, the next estimate).
  if (!flags.dryRun) mkdirSync(files.dir, { recursive: true });
  const live = !flags.dryRun && wantsLiveLine(process.stderr);
  const display = live ? new LiveDisplay() : new PlainDisplay(progressFor('run'));
  // A second Ctrl-C exits at once (lib/run/interrupt.ts): the shell's prompt must not land on the live line.
  process.once('exit', () => display.stop());
  // Every line of ours goes through the display, so the live line is never written over.
  const progress = progressFor('run', (line) => display.log(line));
  progress(`run ${runId}: suites ${suites.join(', ')}${flags.dryRun ? ' (dry run)' : `; reports in ${files.dir}`}`);

  const [{ RunProgressTracker }, { previousDurations }] = await Promise.all([import('../lib/run/run-progress.js'), import('../lib/run/progress-history.js')]);
  const tracker = flags.dryRun
    ? undefined
    : new RunProgressTracker({ runId, file: files.progress, projects: suites, selection: rerun ? 'rerun' : flags.grep !== undefined ? 'grep' : 'all', previous: previousDurations(dirname(files.dir), runId, suites), display }).start();
  try {
    if (useLocal) {
      if (flags.dryRun) {
        // A dry run changes nothing, so it does not bring the local cluster up; it checks it as the run would.
        if (!existsSync(harnessKubeconfigPath())) throw new BadInputError(`the embedded local cluster is not up (${harnessKubeconfigPath()} does not exist)`, 'A dry run changes nothing: bring it up with `gauntlet cluster up`, or pass --kubeconfig.');
      } else {
        progress('no kubeconfig given and KUBECONFIG unset: bringing up the embedded local cluster (reused when healthy)');
        const { clusterUp } = await import('../lib/cluster/up.js');
        await clusterUp(progressFor('cluster'));
      }
      // The suites run as the least-privilege ServiceAccount of deploy/rbac.yaml, as on a user's cluster.
      kubeOptions.kubeconfigPath = harnessKubeconfigPath();
    }
    const runtimeClass = runtimeClassFrom(config);
    const probeImage = flags.probeImage ?? process.env.GAUNTLET_PROBE_IMAGE ?? config.probe.image;
    const toolsImage = process.env.GAUNTLET_TOOLS_IMAGE ?? config.tools.image;
    const workloadsImage = process.env.GAUNTLET_WORKLOADS_IMAGE ?? config.workloads.image;

    const [{ runDoctor }, { renderDoctor }, { collectRunResults }, { runSuites }, { printVerdict }] = await Promise.all([
      import('../lib/doctor/doctor.js'),
      import('../lib/doctor/render.js'),
      import('../lib/report/record.js'),
      import('./suites.js'),
      import('./verdict.js'),
    ]);
    progress('doctor: checking the target');
    tracker?.phase('doctor');
    const report = await runDoctor({ ...kubeOptions, runtimeClass });
    const doctorText = renderDoctor(report);
    if (!flags.dryRun) writeFileSync(`${files.dir}/doctor.txt`, doctorText);
    process.stderr.write(doctorText);
    if (!report.ok) {
      process.stderr.write(`gauntlet: the target cannot run the suites (see the table above${flags.dryRun ? '' : ` and ${files.dir}/doctor.txt`}); no suite was run\n`);
      tracker?.finish('stopped', 'the doctor found the target cannot run the suites (doctor.txt)');
      return ExitCode.badInputOrInfra;
    }

    // Workers get no flags: everything they need goes through the environment.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GAUNTLET_RUN_ID: runId,
      GAUNTLET_PROBE_IMAGE: probeImage,
      GAUNTLET_TOOLS_IMAGE: toolsImage,
      GAUNTLET_WORKLOADS_IMAGE: workloadsImage,
      GAUNTLET_RUNTIME_CLASS: runtimeClass,
      ...(kubeOptions.kubeconfigPath && { GAUNTLET_KUBECONFIG: kubeOptions.kubeconfigPath }),
      ...(kubeOptions.context && { GAUNTLET_CONTEXT: kubeOptions.context }),
      ...(configFile && { GAUNTLET_CONFIG: configFile }),
    };

    // The plan, against the target: it gives the live line its totals and decides what runs.
    const selection = await planRun({ projects: suites, env, progress, required: flags.dryRun === true || rerun !== undefined, ...(flags.grep !== undefined && { grep: flags.grep }), ...(rerun && { rerun }) });
    if (flags.dryRun) {
      // Only the dry run's list goes to stdout: it is the command's result.
      if (selection) process.stdout.write(renderSelection(selection));
      progress('dry run: the configuration and the target are fine; nothing was run, changed or written');
      return ExitCode.pass;
    }
    const toRun = selection?.suites ?? suites.map((project) => ({ project, args: flags.grep !== undefined ? ['-t', flags.grep] : [] }));
    tracker?.plan(
      toRun.map((s) => s.project),
      selection?.kind ?? (flags.grep !== undefined ? 'grep' : 'all'),
      selection?.planned ?? {},
    );

    if (flags.sweep) {
      // Leftovers of killed runs of this harness (by label) go before anything new starts.
      progress('sweep: leftovers of earlier runs of this harness');
      tracker?.phase('sweep');
      const [{ createKube }, { renderSweep, sweepLeftovers }] = await Promise.all([import('../lib/kube/client.js'), import('../lib/run/sweep-leftovers.js')]);
      const swept = await sweepLeftovers(createKube(kubeOptions), { runId, progress });
      writeFileSync(files.sweep, renderSweep(swept));
      process.stderr.write(renderSweep(swept));
    }

    const { RunInterrupt } = await import('../lib/run/interrupt.js');
    const interrupt = new RunInterrupt(files.interruptMarker, progress).install();
    tracker?.phase('suites');
    const argsOf = new Map(toRun.map((s) => [s.project, s.args]));
    const { outcomes, notRun } = await runSuites(
      toRun.map((s) => s.project),
      runId,
      env,
      progress,
      { interrupt, argsFor: (p) => argsOf.get(p) ?? [], ...(tracker && { tracker }), display },
    );
    tracker?.notRun(notRun);
    const interrupted = interrupt.interrupted;

    progress(interrupted ? `interrupted by ${interrupted.signal}: writing a partial gate` : 'computing the gate and writing reports');
    tracker?.phase('reports');
    const rerunOf = selection?.rerun && {
      runId: selection.rerun.runId,
      tests: selection.rerun.projects.flatMap((p) => p.tests),
      ...(selection.rerun.unmatched.length > 0 && { unmatched: selection.rerun.unmatched.map((u) => u.what) }),
    };
    const results = { ...collectRunResults(runId), suites: outcomes, ...(interrupted && { interrupted: { ...interrupted, notRun } }), ...(rerunOf && { rerunOf }) };
    const written = await writeReports({
      results,
      config,
      ...(baseline && { baseline }),
      ...(flags.compareAcrossVersions && { compareAcrossVersions: true }),
      // An interrupted run ends quickly: no Allure report (its results stay in allure-results/), no browser.
      allure: flags.allure && !interrupted,
      screenshots: flags.screenshots && !interrupted,
      environment: { target: report.target?.server ?? '?', context: report.target?.context ?? '?', 'probe-image': probeImage, 'tools-image': toolsImage, 'runtime-class': runtimeClass, suites: toRun.map((s) => s.project).join(', ') },
      progress,
    });
    tracker?.finish(interrupted ? 'interrupted' : 'done');
    display.stop();
    printVerdict(written, Date.now() - started);
    interrupt.uninstall();
    // An interrupted run exits 130 even when an area FAILed before the signal (the gate says so).
    return interrupted ? ExitCode.interrupted : written.gate.exitCode;
  } catch (err) {
    // progress.json must not stay at a phase the run never finishes.
    tracker?.finish('stopped', (err as Error).message);
    throw err;
  } finally {
    display.stop();
  }
}
