/**
 * What a gVisor sandbox costs a pod on its node beyond its container (issue 16 §2): N idle pods
 * per runtime, each one's host processes found through containerd's bundles and read from /proc
 * through node access (docker exec locally, the node agent elsewhere): RSS and PSS of the shim,
 * Sentry, gofer and runsc helpers (runc: shim and pause), CPU to start and per idle minute. The
 * container's own processes are left out. The figures give the recommended RuntimeClass
 * overhead.podFixed, which the gate's performance area shows (informative); a pod whose
 * processes cannot be found is an error the gate fails. Method and figures: docs/workloads.md.
 */
import { readyGvisorNodes } from '../../lib/kube/node-choice.js';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { kubeOptionsFromEnv, test } from '../../fixtures/test-fixtures.js';
import { runConfiguration } from '../../lib/config/load-config.js';
import { InfrastructureError } from '../../lib/errors.js';
import { workloadsImage as imageFromEnv } from '../../lib/images.js';
import { createKube } from '../../lib/kube/client.js';
import { gauntletLabels } from '../../lib/kube/labels.js';
import { overheadPods } from '../../lib/load/profile.js';
import { nodeAccess } from '../../lib/node-access/target.js';
import { measureOverhead } from '../../lib/overhead/measure.js';
import { overheadLines } from '../../lib/report/gate-markdown-overhead.js';
import { recordInfrastructureProblem, recordOverhead } from '../../lib/report/record.js';
import { runtimeClassFor } from '../../lib/runtimes.js';
import { performanceBlocker } from '../performance/preflight.js';

const config = runConfiguration();
const o = config.workloads.overhead;
const image = process.env.GAUNTLET_WORKLOADS_IMAGE ? imageFromEnv() : config.workloads.image;
const { profile, pods } = overheadPods(o.pods);
let nodes: string[] = [];
let printed = '';

beforeAll(async () => {
  const kube = createKube(kubeOptionsFromEnv());
  const blocker = await performanceBlocker(kube);
  if (blocker) {
    recordInfrastructureProblem('performance', blocker);
    throw new InfrastructureError(`sandbox overhead cannot be measured: ${blocker}`, 'Run `gauntlet doctor` and fix what it reports, then rerun.');
  }
  nodes = await readyGvisorNodes(kube);
  if (nodes.length === 0) {
    recordInfrastructureProblem('performance', 'no Ready, schedulable gVisor node for the overhead measurement');
    throw new InfrastructureError('sandbox overhead cannot be measured: no Ready, schedulable gVisor node');
  }
});

afterAll(() => {
  if (printed) console.log(printed);
});

describe('sandbox resource overhead', () => {
  test(`finds every idle pod's runtime processes on its node and reads their memory and CPU (${pods} pods per runtime, profile ${profile}, ${o.idleSeconds} s idle)`, async ({ kube, namespace, cleanup, runId, suite, annotate }) => {
    const { shell } = await nodeAccess({ kube, cleanup, runId, suite });
    let record;
    try {
      record = await measureOverhead({
        kube, namespace, cleanup, shell, nodes, image,
        labels: gauntletLabels(runId, suite),
        podsPerRuntime: pods,
        idleMs: o.idleSeconds * 1000,
        rule: o,
        log: (l) => console.log(l),
      });
    } catch (e) {
      // The gate must see that the measurement did not happen, not a missing record.
      recordOverhead({ runtimeClass: runtimeClassFor.runsc ?? 'gvisor', podsPerRuntime: pods, idleSeconds: 0, image, pods: [], summary: {}, errors: [], stopped: e instanceof Error ? e.message : String(e) });
      throw e;
    }
    recordOverhead(record);
    printed = overheadLines(record).join('\n');
    const rec = record.recommendation;
    await annotate(rec ? `recommended RuntimeClass overhead.podFixed: cpu ${rec.cpuMillicores}m, memory ${rec.memoryMi}Mi` : `no recommendation: ${record.errors.join('; ')}`);
    // A pod whose processes were not found is a failed measurement, with its reason.
    expect(record.errors, 'pods whose processes could not be found or read on their node').toEqual([]);
    expect(record.pods.filter((p) => p.runtime === 'runsc').length, 'runsc pods measured').toBe(pods);
    expect(record.pods.filter((p) => p.runtime === 'runc').length, 'runc pods measured').toBe(pods);
    // A runsc pod's Sentry must be there and hold memory; a zero means the reading is wrong, not free.
    for (const p of record.pods.filter((x) => x.runtime === 'runsc')) {
      expect(p.processes.find((x) => x.kind === 'sentry')?.pssKb ?? 0, `${p.pod}: the Sentry's PSS`).toBeGreaterThan(0);
    }
    expect(rec, 'the recommended overhead').toBeDefined();
  });
});
