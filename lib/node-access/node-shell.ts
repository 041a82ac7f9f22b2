/**
 * Root on a node, whatever the target: `NodeShell.exec(node, argv, input?)` runs argv as root
 * in the node's own namespaces and returns its stdout (rejects with stderr when it fails).
 *
 * - local: `docker exec` into the node container of the embedded local cluster.
 * - agent: a privileged hostPID pod pinned to the node (lib/chaos/node-agent.ts, shared with
 *   the chaos suite), commands entered into PID 1's namespaces through the Kubernetes exec API.
 *   Works on any cluster whose API may exec into pods (EKS, GKE, the local one).
 */
import { nodeExec } from '../cluster/nodes.js';
import { NodeAgent } from '../chaos/node-agent.js';
import type { CleanupStack } from '../kube/cleanup.js';
import type { Kube } from '../kube/client.js';
import { gauntletLabels } from '../kube/labels.js';
import { createNamespace } from '../kube/namespace.js';

export type NodeAccessKind = 'local' | 'agent';

export interface NodeShell {
  readonly kind: NodeAccessKind;
  /** Runs argv as root on the node; `input` is fed to its stdin. */
  exec(node: string, argv: readonly string[], input?: string): Promise<string>;
}

export const localNodeShell: NodeShell = {
  kind: 'local',
  exec: (node, argv, input) => nodeExec(node, [...argv], input),
};

/**
 * Stdin for the agent path: the exec API's stdin has no portable end-of-file signal, so the
 * input travels base64-encoded as an argument and is piped into the command on the node.
 * (Inputs are short: a canary token.)
 */
export function withInput(argv: readonly string[], input: string | undefined): string[] {
  if (input === undefined) return [...argv];
  return ['sh', '-c', 'printf %s "$0" | base64 -d | "$@"', Buffer.from(input).toString('base64'), ...argv];
}

/** Pod Security admission labels for a namespace whose pods may be privileged (node agents, escape controls). */
export const privilegedNamespaceLabels = {
  'pod-security.kubernetes.io/enforce': 'privileged',
  'pod-security.kubernetes.io/audit': 'privileged',
  'pod-security.kubernetes.io/warn': 'privileged',
} as const;

export interface AgentShellOptions {
  kube: Kube;
  cleanup: CleanupStack;
  runId: string;
  suite: string;
  signal?: AbortSignal;
}

/**
 * Node agents in a namespace of their own (Pod Security "privileged"), created on first use;
 * one agent per node, started on first use. The namespace's deletion is registered on the
 * cleanup stack before any agent exists, so it runs after every step registered later (a
 * canary removal still has its agent).
 */
export function agentNodeShell(o: AgentShellOptions): NodeShell {
  let namespace: Promise<string> | undefined;
  const agents = new Map<string, Promise<NodeAgent>>();
  const labels = gauntletLabels(o.runId, o.suite);
  const ns = (): Promise<string> => {
    namespace ??= createNamespace(o.kube, o.cleanup, { runId: o.runId, suite: o.suite, labels: privilegedNamespaceLabels, ...(o.signal ? { signal: o.signal } : {}) });
    namespace.catch(() => (namespace = undefined));
    return namespace;
  };
  const agent = (node: string): Promise<NodeAgent> => {
    let a = agents.get(node);
    if (!a) {
      a = ns().then(async (n) => {
        const started = await NodeAgent.start(o.kube, n, node, labels);
        o.cleanup.register(`remove node agent ${n}/${started.pod}`, () => started.remove());
        return started;
      });
      agents.set(node, a);
      a.catch(() => agents.delete(node));
    }
    return a;
  };
  return {
    kind: 'agent',
    exec: async (node, argv, input) => (await agent(node)).host(withInput(argv, input)),
  };
}
