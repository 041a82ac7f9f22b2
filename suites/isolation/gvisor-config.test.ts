import { describe, expect } from 'vitest';
import { kubeOptionsFromEnv, test } from '../../fixtures/test-fixtures.js';
import { runConfiguration } from '../../lib/config/load-config.js';
import { nodeGvisorConfig } from '../../lib/gvisor/node-config.js';
import { runscConfigFileOn } from '../../lib/gvisor/runsc-toml.js';
import { createKube } from '../../lib/kube/client.js';
import { workersFor } from '../../lib/kube/node-choice.js';
import { sandboxOnNode } from '../../lib/posture/sandbox-on-node.js';
import { runscVersionOn, sandboxCommandLines } from '../../lib/posture/sandbox-cmdline.js';
import { recordGvisorConfig } from '../../lib/report/record.js';

// A gVisor flag changed on one node (host networking, host Unix sockets, raw sockets, debug
// or strace, a test-only flag) loosens every sandbox there while every escape attempt made on
// another node still passes. So each gVisor node is read on its own: the command line of every
// runsc sandbox on it, against the declared policy (config security.gvisor).
const gvisorNodes = await workersFor(createKube(kubeOptionsFromEnv()), 'runsc');

describe('gVisor configuration on every gVisor node', () => {
  test('has a gVisor node to read', () => {
    expect(gvisorNodes, 'Ready workers labelled gVisor-ready').not.toEqual([]);
  });

  test.for(gvisorNodes)('runs every runsc sandbox on %s with the declared gVisor configuration', async (node, { kube, namespace, cleanup, runId, suite }) => {
    const shell = await sandboxOnNode({ kube, namespace, cleanup, runId, suite, node });
    const lines = await sandboxCommandLines(shell, node);
    expect(lines.length, `runsc-sandbox processes on ${node} while a gVisor pod runs there`).toBeGreaterThan(0);
    const version = await runscVersionOn(shell, node);
    const file = await runscConfigFileOn(shell, node);
    const config = nodeGvisorConfig(node, lines.map((l) => l.argv), runConfiguration().security.gvisor, version ?? 'not on the node\'s PATH', file);
    recordGvisorConfig(config);
    console.log(`[gvisor-config] ${node}: runsc ${config.runscVersion ?? '?'}, ${config.sandboxes} sandbox(es); ${Object.entries(config.flags).map(([k, v]) => `--${k}=${v}`).join(' ')}`);
    console.log(`[gvisor-config] ${node}: runsc config file ${file ? `${file.path} (${[...file.flags].map(([k, v]) => `${k}=${v}`).join(' ') || 'empty'})` : 'not named by containerd'}`);
    const drift = config.findings.filter((f) => f.acceptedBecause === undefined).map((f) => `--${f.flag}=${f.value}${f.source ? ` in ${f.source}` : ''} (declared ${f.expected})`);
    expect(drift, `runsc flags on ${node} that depart from the declared policy (security.gvisor)`).toEqual([]);
  });
});
