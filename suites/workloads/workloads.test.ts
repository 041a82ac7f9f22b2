/**
 * Do the platform's workloads behave the same under gVisor, and how much slower is their own
 * work? Each workload (the built-ins of lib/workloads/builtin.ts and the user's `workloads.list`)
 * runs once under runc and once under runsc and the outcomes are compared (gate area
 * compatibility); then N interleaved runc/runsc pairs, each pair on one gVisor node, time its own
 * work from inside the container (the stamp's CLOCK_MONOTONIC, so pod start is excluded), for
 * the runsc/runc ratio with a paired 95 % bootstrap CI (gate area performance). Both runtimes run
 * on the gVisor node group. A network workload talks to a built-in server pod under runc on its
 * node (lib/workloads/server.ts). Beside a runsc run that differs, the report says what gVisor
 * logged as unsupported in that run's sandbox, read on its node (lib/gvisor/unsupported-syscalls.ts).
 * Method and figures: docs/workloads.md.
 */
import { readyGvisorNodes } from '../../lib/kube/node-choice.js';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { kubeOptionsFromEnv, test } from '../../fixtures/test-fixtures.js';
import { runConfiguration } from '../../lib/config/load-config.js';
import { InfrastructureError } from '../../lib/errors.js';
import { readPodUnsupportedSyscalls, type GvisorSandboxReport, type NodeReach } from '../../lib/gvisor/unsupported-syscalls.js';
import { workloadsImage as imageFromEnv } from '../../lib/images.js';
import { CleanupStack } from '../../lib/kube/cleanup.js';
import { createKube, type Kube } from '../../lib/kube/client.js';
import { gauntletLabels } from '../../lib/kube/labels.js';
import { createNamespace } from '../../lib/kube/namespace.js';
import { workloadPairs } from '../../lib/load/profile.js';
import { nodeAccess } from '../../lib/node-access/target.js';
import { roundOrder } from '../../lib/perf/start-batch.js';
import { commonUnsupported, judgeWorkloadCompatibility, sameOutcome } from '../../lib/report/gate-compatibility.js';
import { judgeWorkload } from '../../lib/report/gate-performance.js';
import type { CompatibilityRecord, CompatibilityResult, WorkloadPerformance, WorkloadPerformanceResult } from '../../lib/report/gate-schema.js';
import { recordCompatibility, recordInfrastructureProblem, recordWorkloadPerformance } from '../../lib/report/record.js';
import { runId as currentRunId } from '../../lib/run-id.js';
import type { Runtime } from '../../lib/runtimes.js';
import { envScaled, podStartMs } from '../../lib/timeouts.js';
import { builtinWorkloads } from '../../lib/workloads/builtin.js';
import type { ServerName, Workload } from '../../lib/workloads/definition.js';
import { workloadPerformance, type WorkloadPair } from '../../lib/workloads/figures.js';
import { outcomeOf, type WorkloadOutcome } from '../../lib/workloads/outcome.js';
import { workloadContainerName, workloadPod } from '../../lib/workloads/pod.js';
import { runWorkloadPod, type RunPodOptions } from '../../lib/workloads/run.js';
import { startServer, withServerAddress } from '../../lib/workloads/server.js';
import { renderWorkloadTables } from '../../lib/workloads/table.js';
import { performanceBlocker } from '../performance/preflight.js';

const suite = 'workloads';
const config = runConfiguration();
const image = process.env.GAUNTLET_WORKLOADS_IMAGE ? imageFromEnv() : config.workloads.image;
const workloads: (Workload & { builtin: boolean })[] = [
  ...(config.workloads.builtins ? builtinWorkloads(image).map((w) => ({ ...w, builtin: true })) : []),
  ...config.workloads.list.map((w) => ({ ...w, builtin: false })),
];
const { profile, pairs } = workloadPairs(config.workloads.pairs);
const thresholds = config.performance;
const { maxRatio } = thresholds.workloads;
/** The pairs this profile needs: the gate asks for minSuccesses, the suite for what it ran. */
const neededPairs = Math.min(thresholds.workloads.minSuccesses, pairs);

interface Shared {
  kube: Kube;
  namespace: string;
  cleanup: CleanupStack;
  labels: Record<string, string>;
  nodes: string[];
  /** Root on the nodes, to read gVisor's log of a runsc sandbox; or why there is none. */
  reach: NodeReach;
}
let shared: Shared | undefined;
let seq = 0;
const compatRecords: CompatibilityRecord[] = [];
const compatResults: CompatibilityResult[] = [];
/** Each built-in server's address per node, started on first use. */
const servers = new Map<string, Promise<string>>();
const perfResults: WorkloadPerformanceResult[] = [];

function need(): Shared {
  if (!shared) throw new InfrastructureError('the workloads suite did not get past its set-up (see the beforeAll error)');
  return shared;
}

function serverOn(server: ServerName, node: string): Promise<string> {
  const s = need();
  const key = `${server}@${node}`;
  let address = servers.get(key);
  if (!address) {
    const name = `server-${server}-${servers.size}`;
    address = startServer(s.kube, s.namespace, s.cleanup, { name, server, workloadsImage: image, labels: s.labels, node }, envScaled(podStartMs)).catch((err: unknown) => {
      const why = `the built-in server ${server} did not start on ${node}: ${err instanceof Error ? err.message : String(err)}`;
      recordInfrastructureProblem('compatibility', why);
      throw new InfrastructureError(why, 'See the server pod’s events; the workloads image must have `gauntlet-work net-server`.', { cause: err });
    });
    servers.set(key, address);
  }
  return address;
}

async function runOnce(w: Workload, runtime: Runtime, node: string, options: RunPodOptions = {}): Promise<WorkloadOutcome> {
  const s = need();
  const name = `w-${w.name}-${runtime}-${seq++}`.slice(0, 63).replace(/-+$/, '');
  const run = w.server === undefined ? w : { ...w, command: withServerAddress(w.command, await serverOn(w.server, node)) };
  const pod = workloadPod({ name, runtime, workload: run, workloadsImage: image, labels: s.labels, node });
  return outcomeOf(w, await runWorkloadPod(s.kube, s.namespace, pod, w.timeoutSeconds * 1000, options));
}

const expectation = (w: Workload): string => {
  const out = w.expect.stdout === undefined ? 'any stdout' : 'sha256' in w.expect.stdout ? `stdout sha256 ${w.expect.stdout.sha256.slice(0, 12)}…` : `stdout /${w.expect.stdout.regex}/`;
  return `exit ${w.expect.exitCode}, ${out}`;
};

beforeAll(async () => {
  const kube = createKube(kubeOptionsFromEnv());
  const blocker = await performanceBlocker(kube);
  if (blocker) {
    recordInfrastructureProblem('compatibility', blocker);
    throw new InfrastructureError(`workloads suite cannot run: ${blocker}`, 'Run `gauntlet doctor` and fix what it reports, then rerun.');
  }
  const cleanup = new CleanupStack();
  const runId = currentRunId();
  const namespace = await createNamespace(kube, cleanup, { runId, suite });
  const nodes = await readyGvisorNodes(kube);
  if (nodes.length === 0) {
    recordInfrastructureProblem('compatibility', 'no Ready, schedulable gVisor node');
    throw new InfrastructureError('workloads suite cannot run: no Ready, schedulable gVisor node');
  }
  // Node access only reads gVisor's log beside a difference: without it the suite still runs, and the report says why that log is missing.
  const reach: NodeReach = await nodeAccess({ kube, cleanup, runId, suite }).then(
    (a) => ({ shell: a.shell }),
    (err: unknown) => ({ unreachable: err instanceof Error ? err.message : String(err) }),
  );
  shared = { kube, namespace, cleanup, labels: gauntletLabels(runId, suite), nodes, reach };
  console.log(`workloads: ${workloads.length} workload(s), profile ${profile} (${pairs} pairs each), image ${image}, nodes ${nodes.join(', ')}${'unreachable' in reach ? `; no node access (${reach.unreachable})` : ''}`);
});

afterAll(async () => {
  if (compatResults.length > 0 || perfResults.length > 0) console.log(renderWorkloadTables(compatResults, perfResults, maxRatio));
  if (shared) {
    const report = await shared.cleanup.runAll();
    if (report.failures.length > 0) console.warn(`workloads clean-up: ${report.failures.map((f) => f.message).join('; ')}`);
  }
});

// One describe per workload, named by it and what it stresses (describe.each would quote the name).
for (const w of workloads) describe(`workload ${w.name} (${w.stresses})`, () => {
  let compat: CompatibilityResult | undefined;

  test(`behaves the same under runsc as under runc: ${expectation(w)}`, async ({ skip, annotate }) => {
    const s = need();
    const node = s.nodes[0] as string;
    const runc = await runOnce(w, 'runc', node);
    // Read while the pod exists: gVisor's log is in the pod's log directory.
    let gvisor: GvisorSandboxReport | undefined;
    const runsc = await runOnce(w, 'runsc', node, { beforeDelete: async (seen) => void (gvisor = await readPodUnsupportedSyscalls(s.reach, seen, workloadContainerName)) });
    const record: CompatibilityRecord = { workload: w.name, image: w.image, stresses: w.stresses, builtin: w.builtin, expect: w.expect, runc, runsc, ...(gvisor && { gvisor }) };
    recordCompatibility(record);
    compatRecords.push(record);
    // Syscalls also logged where earlier workloads behaved the same are marked as such (the gate does this over all of them).
    compat = judgeWorkloadCompatibility(record, config.workloads.exceptions, commonUnsupported(compatRecords));
    compatResults.push(compat);
    await annotate(`compatibility of ${w.name}: ${compat.verdict}${compat.reasons.length > 0 ? ` (${compat.reasons.join('; ')})` : ''}`);
    if (compat.verdict === 'INCONCLUSIVE') skip(`inconclusive: ${compat.reasons.join('; ')}`);
    // FAIL carries both outputs: the claim is refuted, and the reason says how.
    expect(compat.verdict, compat.reasons.join('\n')).toBe('PASS');
  });

  test(`its own work under runsc takes at most ${maxRatio}× runc's time (median ratio's 95 % CI upper bound over ${pairs} interleaved pairs, judged by the gate)`, async ({ skip, annotate }) => {
    const s = need();
    if (!compat || !sameOutcome(compat)) {
      const why = !compat ? 'its compatibility run did not finish' : compat.verdict === 'INCONCLUSIVE' ? `its outcome could not be compared (${compat.causes.join(', ')})` : 'it differs under runsc, so a ratio of its times would compare different work';
      const record: WorkloadPerformance = { workload: w.name, stresses: w.stresses, builtin: w.builtin, pairs: 0, successes: 0, failures: [], notMeasured: why };
      recordWorkloadPerformance(record);
      perfResults.push(judgeWorkload(record, thresholds));
      skip(`not timed: ${why}`);
      return;
    }
    const got: WorkloadPair[] = [];
    for (let r = 0; r < pairs; r++) {
      // Each pair on one node, the nodes in turn, the runtimes' order alternating (lib/perf/start-batch.ts).
      const node = s.nodes[r % s.nodes.length] as string;
      const pair: Partial<WorkloadPair> = {};
      for (const runtime of roundOrder(r)) pair[runtime] = await runOnce(w, runtime, node);
      got.push(pair as WorkloadPair);
    }
    const record = workloadPerformance(w, got, config.performance.bootstrap);
    recordWorkloadPerformance(record);
    const judged = judgeWorkload(record, thresholds);
    perfResults.push(judged);
    await annotate(`gate verdict for ${w.name}: ${judged.verdict}${judged.reasons.length > 0 ? ` (${judged.reasons.join('; ')})` : ''}`);
    console.log(`workloads ${w.name}: ${record.ratio ? `runsc/runc ${record.ratio.estimate.toFixed(3)} [${record.ratio.lo.toFixed(3)}, ${record.ratio.hi.toFixed(3)}]` : 'no ratio'} over ${record.successes}/${record.pairs} pairs; gate ${judged.verdict}`);
    // The measurement must be sound: every run met the expectation it met in the comparison.
    expect(record.successes, `pairs where both runs met the expectation; failures: ${record.failures.join(' | ')}`).toBeGreaterThanOrEqual(neededPairs);
    expect(record.ratio, 'the runsc/runc ratio with its CI, for the gate').toBeDefined();
    // The ratio against maxRatio is the gate's decision (gate.json), as for pod start: an honest
    // FAIL on slow hardware must reach the report, while this test proves the measurement.
    if (judged.verdict === 'INCONCLUSIVE') skip(`inconclusive: ${judged.reasons.join('; ')}`);
  });
});
