import { describe, expect } from 'vitest';
import { kubeOptionsFromEnv, test } from '../../fixtures/test-fixtures.js';
import { createKube } from '../../lib/kube/client.js';
import { workersFor } from '../../lib/kube/node-choice.js';
import { sandboxOnNode } from '../../lib/posture/sandbox-on-node.js';
import { capabilityNames, postureProblems, sandboxProcesses } from '../../lib/posture/sandbox-posture.js';
import { recordPosture } from '../../lib/report/record.js';

// The host's view of a gVisor sandbox: what the runsc-sandbox (Sentry) and runsc-gofer
// processes may do on the node if the Sentry were compromised. Read from each gVisor node,
// not from inside the pod, and not from one node for all: through docker exec on the local
// cluster, a node agent elsewhere (GAUNTLET_NODE_ACCESS=agent forces it).
const gvisorNodes = await workersFor(createKube(kubeOptionsFromEnv()), 'runsc');

describe('gVisor sandbox posture seen from each gVisor node', () => {
  test('has a gVisor node to read', () => {
    expect(gvisorNodes, 'Ready workers labelled gVisor-ready').not.toEqual([]);
  });

  test.for(gvisorNodes)('runs the runsc sandbox and gofer on %s under seccomp on every thread, with no_new_privs, their own namespaces, no capability beyond their sets and none of the node\'s own directories held open', async (node, { kube, namespace, cleanup, runId, suite }) => {
    const shell = await sandboxOnNode({ kube, namespace, cleanup, runId, suite, node });
    const processes = await sandboxProcesses(shell, node);
    expect(processes.filter((p) => p.role === 'sandbox').length, `runsc-sandbox processes on ${node} while a gVisor pod runs`).toBeGreaterThan(0);
    expect(processes.filter((p) => p.role === 'gofer').length, `runsc-gofer processes on ${node} while a gVisor pod runs`).toBeGreaterThan(0);
    for (const p of processes) {
      console.log(`[posture] ${node} (${shell.kind}) ${p.role} pid ${p.pid}: seccomp ${p.seccomp} on ${p.threads - p.threadsWithoutFilter}/${p.threads} threads, no_new_privs ${p.noNewPrivs}, CapEff ${capabilityNames(p.capEff).join(',') || 'none'}, ${p.dirFds.length} directory fd(s) open, none of them the node's ${Object.keys(p.nodeDirs).join(' ')} unless said below`);
      recordPosture({ node, role: p.role, pid: p.pid, threads: p.threads, filteredThreads: p.threads - p.threadsWithoutFilter, noNewPrivs: p.noNewPrivs, capabilities: capabilityNames(p.capEff), dirFds: p.dirFds.length, problems: postureProblems(p) });
    }
    // Every process is recorded before the first failure stops the test.
    for (const p of processes) expect(postureProblems(p), `runsc-${p.role} pid ${p.pid} on ${node}`).toEqual([]);
  });
});
