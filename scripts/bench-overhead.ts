/**
 * Benchmark of the sandbox resource overhead (not a test): more idle pods than the suite, the
 * same step (lib/overhead/measure.ts), and it prints the figures: per process kind, per runtime,
 * runsc − runc, the recommended RuntimeClass overhead.podFixed and its YAML, and every pod.
 *
 *   npx tsx scripts/bench-overhead.ts [--pods 8] [--idle 60] [--wrong-id]
 *
 * --wrong-id reads every runsc pod with a container id no container has, to show the error a
 * pod whose processes cannot be found gives (exit 1).
 *
 * Target: GAUNTLET_KUBECONFIG (default: the embedded cluster's kubeconfig); node access as the
 * suites have it (docker exec locally, node agents elsewhere). The rule's parameters and the
 * image come from the configuration (GAUNTLET_CONFIG; `workloads.overhead`, `workloads.image`).
 * Everything it creates is in one labelled namespace, deleted at the end.
 */
import { parseArgs } from 'node:util';
import { runConfiguration } from '../lib/config/load-config.js';
import { workloadsImage as imageFromEnv } from '../lib/images.js';
import { CleanupStack } from '../lib/kube/cleanup.js';
import { createKube, kubeOptionsFromEnv } from '../lib/kube/client.js';
import { gauntletLabels } from '../lib/kube/labels.js';
import { createNamespace } from '../lib/kube/namespace.js';
import { nodeAccess } from '../lib/node-access/target.js';
import { measureOverhead } from '../lib/overhead/measure.js';
import { overheadLines } from '../lib/report/gate-markdown-overhead.js';
import { table } from '../lib/report/gate-markdown.js';
import { generateRunId } from '../lib/run-id.js';
import { gvisorReadyLabel, gvisorReadyValue } from '../lib/runtimes.js';

const suite = 'bench-overhead';
const mib = (kb: number): string => (kb / 1024).toFixed(1);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { pods: { type: 'string' }, idle: { type: 'string' }, 'wrong-id': { type: 'boolean' } } });
  const pods = Number(values.pods ?? 8);
  const idle = Number(values.idle ?? 60);
  if (!Number.isInteger(pods) || pods < 1) throw new Error(`--pods must be an integer ≥ 1, got ${values.pods}`);
  if (!Number.isInteger(idle) || idle < 10) throw new Error(`--idle must be an integer ≥ 10 (seconds), got ${values.idle}`);
  const config = runConfiguration();
  const image = process.env.GAUNTLET_WORKLOADS_IMAGE ? imageFromEnv() : config.workloads.image;
  const kube = createKube(kubeOptionsFromEnv());
  const runId = generateRunId();
  const cleanup = new CleanupStack();
  const started = performance.now();
  let failed = false;
  try {
    const namespace = await createNamespace(kube, cleanup, { runId, suite });
    const { shell } = await nodeAccess({ kube, cleanup, runId, suite });
    const nodes = (await kube.core.listNode({ labelSelector: `${gvisorReadyLabel}=${gvisorReadyValue}` })).items
      .filter((n) => n.spec?.unschedulable !== true)
      .map((n) => n.metadata?.name ?? '')
      .filter((n) => n !== '')
      .sort();
    if (nodes.length === 0) throw new Error('no schedulable gVisor node');
    console.log(`bench-overhead: run ${runId}, ${pods} idle pods per runtime on ${nodes.join(', ')}, ${idle} s idle${values['wrong-id'] ? ', runsc pods read with a wrong container id' : ''}`);
    const record = await measureOverhead({
      kube, namespace, cleanup, shell, nodes, image,
      labels: gauntletLabels(runId, suite),
      podsPerRuntime: pods,
      idleMs: idle * 1000,
      rule: config.workloads.overhead,
      log: (l) => console.log(l),
      // A container id no container has: the bundle lookup must fail, and say so.
      ...(values['wrong-id'] && { tamper: (ref) => (ref.runtime === 'runsc' ? { ...ref, containerIds: ref.containerIds.map((id) => id.replace(/^.{8}/, 'deadbeef')) } : ref) }),
    });
    console.log(overheadLines(record).join('\n'));
    console.log('');
    console.log(
      table(
        ['Pod', 'Node', 'Sandbox', 'Processes', 'Overhead PSS MiB', 'Overhead RSS MiB', 'CPU to start ms', 'Idle CPU ms/min', 'Own PSS MiB'],
        record.pods.map((p) => [p.pod, p.node, p.sandboxId.slice(0, 12), p.processes.map((x) => `${x.kind} ${x.pid}`).join(', '), mib(p.overhead.pssKb), mib(p.overhead.rssKb), p.overhead.startCpuMs.toFixed(0), p.overhead.idleCpuMsPerMin.toFixed(0), mib(p.workload.pssKb)]),
      ),
    );
    if (record.errors.length > 0) {
      console.log(`\nFAIL: ${record.errors.length} pod(s) whose processes could not be found:\n${record.errors.map((e) => `  ${e}`).join('\n')}`);
      failed = true;
    }
  } finally {
    await cleanup.runAll();
    console.log(`bench-overhead: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  if (failed) process.exit(1);
}

await main();
