/**
 * Fault injector through node agents (lib/chaos/node-agent.ts): in-node faults that need
 * root on the node and nothing cloud-specific. One agent per node, started on first use
 * in the given namespace and removed by close().
 */
import type { Kube } from '../kube/client.js';
import type { Labels } from '../kube/labels.js';
import { nodeAgentShell, type AgentNodeShell } from '../node-access/node-shell.js';
import { BaseInjector, type FaultKind, type HiddenShim, type InjectedFault } from './fault-injector.js';
import { hideShimVia, restartContainerdVia } from './in-node-faults.js';
import type { NodeAgent } from './node-agent.js';

export class NodeAgentInjector extends BaseInjector {
  readonly name = 'node-agent';
  protected readonly kinds: readonly FaultKind[] = ['restart-containerd', 'hide-runtime-shim'];
  /** Root shell on the nodes through their agents. */
  readonly shell: AgentNodeShell;

  constructor(kube: Kube, namespace: string, labels: Labels = {}) {
    super();
    this.shell = nodeAgentShell({ kube, namespace: () => Promise.resolve(namespace), labels });
  }

  /** The agent of a node, started on first use. */
  agent(node: string): Promise<NodeAgent> {
    return this.shell.agent(node);
  }

  override async restartContainerd(node: string): Promise<InjectedFault> {
    const { at, back } = await restartContainerdVia(this.shell, node);
    return this.fault('restart-containerd', node, at, `containerd active again ${Math.round(back.receivedAt - at)} ms after the restart was queued`);
  }

  override async hideRuntimeShim(node: string): Promise<HiddenShim> {
    const { path, at, restore } = await hideShimVia(this.shell, node);
    return { ...this.fault('hide-runtime-shim', node, at, `moved ${path} aside`), restore };
  }

  override async close(): Promise<void> {
    await this.shell.removeAgents();
  }
}
