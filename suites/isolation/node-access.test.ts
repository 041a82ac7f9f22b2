import { describe, expect } from 'vitest';
import { test } from '../../fixtures/test-fixtures.js';
import { nodeCanaryPath, plantNodeCanary, removeNodeCanary } from '../../lib/canary/node-canary.js';
import { newCanaryToken } from '../../lib/canary/token.js';
import { agentNodeShell, localNodeShell } from '../../lib/node-access/node-shell.js';
import { targetsEmbeddedCluster } from '../../lib/node-access/target.js';
import { gvisorReadyLabel, gvisorReadyValue } from '../../lib/runtimes.js';

// The node agent is how the isolation suite reaches nodes of a real cluster; it runs here on
// every target so the real-cluster path is proven on the local cluster too. On the local
// cluster the agent's work is checked through the other channel (docker exec).
describe('node access through the node agent', () => {
  test('plants, reads back and removes a node canary as root on the node through a node agent pod', async ({ kube, cleanup, runId, suite }) => {
    const node = (await kube.core.listNode({ labelSelector: `${gvisorReadyLabel}=${gvisorReadyValue}` })).items.map((n) => n.metadata?.name ?? '').sort()[0];
    if (!node) throw new Error(`no node labelled ${gvisorReadyLabel}=${gvisorReadyValue}`);
    const hostnameLabel = (await kube.core.readNode({ name: node })).metadata?.labels?.['kubernetes.io/hostname'];
    const agent = agentNodeShell({ kube, cleanup, runId, suite });
    // Checked after this test's own cleanup: on the local cluster through docker exec, else through the agent.
    const check = (await targetsEmbeddedCluster(kube)) ? localNodeShell : agent;

    // In the node's namespaces, not the agent container's: the node's hostname and its init as PID 1.
    expect((await agent.exec(node, ['uname', '-n'])).trim(), 'hostname seen through the agent').toBe(hostnameLabel);
    expect((await agent.exec(node, ['sh', '-c', 'readlink /proc/1/ns/mnt; readlink /proc/self/ns/mnt'])).trim().split('\n'), 'the agent command shares PID 1 mount namespace').toSatisfy((l: string[]) => l.length === 2 && l[0] === l[1]);

    const token = newCanaryToken();
    const path = await plantNodeCanary(agent, node, `${runId}-agent`, token);
    cleanup.register(`remove the agent's node canary on ${node}`, () => removeNodeCanary(check, node, `${runId}-agent`));
    expect(path).toBe(nodeCanaryPath(`${runId}-agent`));
    expect((await check.exec(node, ['cat', path])).trim(), `canary read back through ${check.kind}`).toBe(token);
    expect((await check.exec(node, ['stat', '-c', '%a %U', path])).trim()).toBe('644 root');

    await removeNodeCanary(agent, node, `${runId}-agent`);
    expect((await check.exec(node, ['sh', '-c', 'test -e "$0" && echo present || echo absent', path])).trim()).toBe('absent');
  });
});
