/**
 * Root on a node, whatever the target: `NodeShell.exec(node, argv, input?)` runs argv as root
 * in the node's own namespaces and returns its stdout (rejects with stderr when it fails).
 *
 * - local: `docker exec` into the node container of the embedded local cluster.
 * - agent: a privileged hostPID pod pinned to the node (lib/chaos/node-agent.ts, shared with
 *   the chaos suite), commands entered into PID 1's namespaces through the Kubernetes exec API.
 *   Works on any cluster whose API may exec into pods (EKS, GKE, the local one).
 *
 * The one way the harness reaches a node: the escape matrix, the posture checks and the chaos
 * injectors and their in-node faults (lib/chaos/in-node-faults.ts) all take a NodeShell and a node.
 */
import { nodeExec } from '../cluster/nodes.js';
import { NodeAgent } from '../chaos/node-agent.js';
import type { CleanupStack } from '../kube/cleanup.js';
import type { Kube } from '../kube/client.js';
import { gauntletLabels, type Labels } from '../kube/labels.js';
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

export interface AgentPoolOptions {
  kube: Kube;
  /** The agents' namespace, asked for before the first agent starts. */
  namespace: () => Promise<string>;
  labels?: Labels;
  /** Called once per agent that started, e.g. to register its removal. */
  started?: (agent: NodeAgent) => void;
}

/** A NodeShell through node agents that also hands out the agents themselves. */
export interface AgentNodeShell extends NodeShell {
  readonly kind: 'agent';
  /** The node's agent, started on first use; a failed start is forgotten, so the next use retries. */
  agent(node: string): Promise<NodeAgent>;
  /** Removes every agent started so far, one after another. */
  removeAgents(): Promise<void>;
}

/** Root on nodes through node agents in one namespace: one agent per node, started on first use. */
export function nodeAgentShell(o: AgentPoolOptions): AgentNodeShell {
  const agents = new Map<string, Promise<NodeAgent>>();
  const agent = (node: string): Promise<NodeAgent> => {
    let a = agents.get(node);
    if (!a) {
      a = o.namespace().then(async (n) => {
        const started = await NodeAgent.start(o.kube, n, node, o.labels ?? {});
        o.started?.(started);
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
    agent,
    removeAgents: async () => {
      const started = [...agents.values()];
      agents.clear();
      for (const a of started) await (await a.catch(() => undefined))?.remove();
    },
  };
}

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
  const ns = (): Promise<string> => {
    namespace ??= createNamespace(o.kube, o.cleanup, { runId: o.runId, suite: o.suite, labels: privilegedNamespaceLabels, ...(o.signal ? { signal: o.signal } : {}) });
    namespace.catch(() => (namespace = undefined));
    return namespace;
  };
  const agents = nodeAgentShell({
    kube: o.kube,
    namespace: ns,
    labels: gauntletLabels(o.runId, o.suite),
    started: (a) => o.cleanup.register(`remove node agent ${a.namespace}/${a.pod}`, () => a.remove()),
  });
  // Only the NodeShell part: the agents themselves stay with the pool.
  return { kind: agents.kind, exec: (node, argv, input) => agents.exec(node, argv, input) };
}
