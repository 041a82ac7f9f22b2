/**
 * Fault injector through node agents (lib/chaos/node-agent.ts): in-node faults that need
 * root on the node and nothing cloud-specific. One agent per node, started on first use
 * in the given namespace and removed by close().
 */
import type { Kube } from '../kube/client.js';
import type { Labels } from '../kube/labels.js';
import { BaseInjector, type FaultKind, type HiddenShim, type InjectedFault } from './fault-injector.js';
import { NodeAgent } from './node-agent.js';
import { hideShimVia, restartContainerdVia, type NodeShell } from './node-shell.js';

export class NodeAgentInjector extends BaseInjector {
  readonly name = 'node-agent';
  protected readonly kinds: readonly FaultKind[] = ['restart-containerd', 'hide-runtime-shim'];
  private readonly agents = new Map<string, Promise<NodeAgent>>();

  constructor(
    private readonly kube: Kube,
    private readonly namespace: string,
    private readonly labels: Labels = {},
  ) {
    super();
  }

  /** The agent of a node, started on first use. */
  agent(node: string): Promise<NodeAgent> {
    let a = this.agents.get(node);
    if (!a) {
      a = NodeAgent.start(this.kube, this.namespace, node, this.labels);
      this.agents.set(node, a);
      a.catch(() => this.agents.delete(node));
    }
    return a;
  }

  /** Root shell on the node through its agent. */
  shell(node: string): NodeShell {
    return async (cmd) => (await this.agent(node)).host(cmd);
  }

  override async restartContainerd(node: string): Promise<InjectedFault> {
    const { at, back } = await restartContainerdVia(this.shell(node), node);
    return this.fault('restart-containerd', node, at, `containerd active again ${Math.round(back.receivedAt - at)} ms after the restart was queued`);
  }

  override async hideRuntimeShim(node: string): Promise<HiddenShim> {
    const { path, at, restore } = await hideShimVia(this.shell(node));
    return { ...this.fault('hide-runtime-shim', node, at, `moved ${path} aside`), restore };
  }

  override async close(): Promise<void> {
    const agents = [...this.agents.values()];
    this.agents.clear();
    for (const a of agents) await (await a.catch(() => undefined))?.remove();
  }
}
