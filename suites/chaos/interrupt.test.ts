import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';
import { test, expect } from '../../fixtures/test-fixtures.js';
import { listNodes } from '../../lib/cluster/nodes.js';
import { clusterSettings, repoRoot } from '../../lib/cluster/settings.js';
import { labelKeys } from '../../lib/kube/labels.js';
import { nodeProblems } from '../../lib/kube/node-leftovers.js';
import { targetsEmbeddedCluster } from '../../lib/node-access/target.js';
import { harnessKubeconfigPath } from '../../lib/paths.js';
import { runtimeClassFor } from '../../lib/runtimes.js';
import { parseGate } from '../../lib/report/gate-parse.js';
import { reportFiles } from '../../lib/report/report-files.js';
import { envScaled, interruptCleanupMs, namespaceDeleteMs, nodeNotReadyDetectMs, nodeReadyMs, podStartMs } from '../../lib/timeouts.js';
import { pollSource } from '../../lib/chaos/poll-source.js';
import { waitFor } from '../../lib/wait.js';
import { withoutVitestEnv } from '../../lib/run/suite-process.js';
import { runCli } from '../../cli/cli-helpers.js';

// `gauntlet run` interrupted in the middle of a fault, as a person at a terminal (Ctrl-C: SIGINT
// to the process group of `gauntlet`) or a CI system (SIGTERM to the `gauntlet` process alone)
// would. The child run is the node-loss scenario under runc; the signal comes right after the
// worker's container was killed. The run must undo the fault itself, write a partial gate and
// exit 130, leave no process behind, and the next sweep must find nothing of it.

const faultLine = /\[node-loss runc\] .*node container killed/;

interface Interrupted {
  code: number | null;
  output: string;
  signalledAfterMs: number;
}

/** Runs the node-loss scenario in a child `gauntlet run` and sends `signal` once its fault is in. */
function interruptMidFault(o: { runId: string; signal: NodeJS.Signals; toGroup: boolean; kubeconfig: string }): Promise<Interrupted> {
  const { GAUNTLET_KUBECONFIG: _, ...env } = withoutVitestEnv(process.env);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'bin', 'gauntlet.mjs'), 'run', '--suite', 'chaos', '--grep', 'node loss under runc', '--no-sweep', '--no-allure', '--kubeconfig', o.kubeconfig],
      { cwd: repoRoot, env: { ...env, GAUNTLET_RUN_ID: o.runId }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    let output = '';
    let signalledAt = 0;
    const onData = (d: Buffer): void => {
      output += d.toString();
      if (signalledAt === 0 && faultLine.test(output)) {
        signalledAt = Date.now();
        // toGroup: kill(-pid) reaches every process of the group `gauntlet` leads, as a terminal's Ctrl-C does.
        process.kill(o.toGroup ? -(child.pid ?? 0) : (child.pid ?? 0), o.signal);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the interrupted run did not end in time; its output:\n${output.slice(-4000)}`));
    }, envScaled(podStartMs + nodeNotReadyDetectMs + interruptCleanupMs));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, signalledAfterMs: signalledAt === 0 ? -1 : signalledAt - started });
    });
  });
}

/** Processes (Linux /proc) whose environment carries this run id: none may outlive the run. */
function processesOfRun(runId: string): number[] {
  const needle = `GAUNTLET_RUN_ID=${runId}\0`;
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return `${readFileSync(`/proc/${pid}/environ`, 'latin1')}\0`.includes(needle);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const ways = [
  { way: 'Ctrl-C (SIGINT to the process group)', signal: 'SIGINT' as const, toGroup: true, tag: 'int' },
  { way: 'SIGTERM to the gauntlet process alone', signal: 'SIGTERM' as const, toGroup: false, tag: 'term' },
];

describe.each(ways)('an interrupted run: $way', ({ signal, toGroup, tag }) => {
  test(`undoes the node fault in flight, writes a partial INCONCLUSIVE gate, exits 130, leaves no process, and the next sweep finds nothing of it`, async ({ kube, runId, skip }) => {
    if (!(await targetsEmbeddedCluster(kube))) skip('the interrupt self-test stops a worker of the embedded local cluster; it runs there');
    const kubeconfig = process.env.GAUNTLET_KUBECONFIG || harnessKubeconfigPath();
    const childRunId = `${runId.slice(0, 40)}-intr-${tag}`;

    const r = await interruptMidFault({ runId: childRunId, signal, toGroup, kubeconfig });
    console.log(`[interrupt ${tag}] ${signal} ${Math.round(r.signalledAfterMs / 1000)} s after start; exit ${r.code}\n${r.output.split('\n').filter((l) => /interrupt|undone|\[run\]/.test(l)).join('\n')}`);
    expect(r.signalledAfterMs, 'the signal was sent mid-fault (the fault line appeared)').toBeGreaterThan(0);
    expect(r.code, 'exit code of the interrupted run').toBe(130);
    expect(r.output).toMatch(/undone: start \S+ again and wait until it is Ready/);

    const gate = parseGate(JSON.parse(readFileSync(reportFiles(childRunId).gateJson, 'utf8')));
    expect(gate.verdict).toBe('INCONCLUSIVE');
    expect(gate.interrupted?.signal).toBe(signal);
    expect(gate.areas.resilience.causes).toContain('interrupted');
    expect(processesOfRun(childRunId), 'processes of the interrupted run still alive').toEqual([]);

    // Every node Ready and schedulable, every node container running.
    await waitFor({
      what: 'every node Ready and schedulable after the interrupt',
      source: pollSource(async () => nodeProblems((await kube.core.listNode()).items)),
      until: (p) => (p && p.length === 0 ? { done: true, value: p, state: 'all Ready' } : { done: false, state: JSON.stringify(p) }),
      timeoutMs: envScaled(nodeReadyMs),
    });
    expect((await listNodes(clusterSettings())).filter((n) => !n.running).map((n) => n.name)).toEqual([]);

    // The run deleted its namespaces itself (agents and probes with them): they finish terminating.
    await waitFor({
      what: `the namespaces of run ${childRunId} gone`,
      source: pollSource(async () => (await kube.core.listNamespace({ labelSelector: `${labelKeys.runId}=${childRunId}` })).items.map((n) => `${n.metadata?.name ?? '?'} ${n.status?.phase ?? ''}`)),
      until: (names) => (names && names.length === 0 ? { done: true, value: names, state: 'none' } : { done: false, state: (names ?? []).join(', ') }),
      timeoutMs: envScaled(namespaceDeleteMs),
    });
    // `gauntlet sweep` as the next run would do it; this test's own run id is protected from it.
    const sweep = await runCli(['sweep', '--kubeconfig', kubeconfig], { env: { GAUNTLET_RUN_ID: runId }, timeoutMs: envScaled(namespaceDeleteMs + nodeReadyMs) });
    const swept = { code: sweep.code, output: sweep.stdout + sweep.stderr };
    console.log(`[interrupt ${tag}] the next sweep:\n${swept.output}`);
    expect(swept.code, swept.output).toBe(0);
    expect(swept.output, 'the sweep found something the interrupted run left').not.toContain(childRunId);
    expect(swept.output, 'the sweep removed nothing at all').toContain('sweep: nothing of earlier runs is left');
    // What belongs to no run (the installation) is untouched: the RuntimeClass the suites use is still there.
    await expect(kube.node.readRuntimeClass({ name: runtimeClassFor.runsc ?? '' })).resolves.toBeDefined();
  });
});
