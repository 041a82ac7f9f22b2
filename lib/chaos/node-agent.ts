/**
 * The node agent: a privileged pod pinned to one node with the host's PID namespace. It
 * runs commands in PID 1's namespaces (`nsenter -t 1 -m -u -i -n -p`), i.e. as root on the
 * node, through the Kubernetes exec API. This works wherever the API can reach the kubelet:
 * on EKS nodes and on the local cluster's node containers alike. It tolerates every taint,
 * NoExecute included, so it survives the chaos window; the caller removes it afterwards.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { InfrastructureError } from '../errors.js';
import { ignoreNotFound, type Kube } from '../kube/client.js';
import { execInPod, type CommandResult } from '../kube/pod-exec.js';
import type { Labels } from '../kube/labels.js';
import { imagePullPolicy, toolsImage } from '../images.js';
import { envScaled } from '../timeouts.js';
import { waitForPod, waitForPodDeleted } from '../wait.js';
import { nodeAgentStartMs, nodeCommandMs } from './timeouts.js';

/** The agent's image: bash, util-linux (nsenter) and procps. GAUNTLET_NODE_AGENT_IMAGE wins over the tools image. */
export const nodeAgentImage = (env: NodeJS.ProcessEnv = process.env): string => env.GAUNTLET_NODE_AGENT_IMAGE || toolsImage(env);

/** Enter every namespace of the node's PID 1 (systemd): the command runs as on the node itself. */
export const onHost = (cmd: readonly string[]): string[] => ['nsenter', '-t', '1', '-m', '-u', '-i', '-n', '-p', '--', ...cmd];

export const nodeAgentName = (node: string): string => `gauntlet-node-agent-${node}`.slice(0, 63).replace(/-+$/, '');

/** Pure: the agent pod for a node. */
export function nodeAgentPod(node: string, labels: Labels = {}, image: string = nodeAgentImage()): V1Pod {
  return {
    metadata: { name: nodeAgentName(node), labels: { ...labels, 'app.kubernetes.io/name': 'gauntlet-node-agent' } },
    spec: {
      // nodeName bypasses the scheduler: the agent must land on a node that is cordoned, tainted or NotReady.
      nodeName: node,
      hostPID: true,
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 1,
      // Every taint, NoExecute included: the taint manager must not evict the agent mid-fault.
      tolerations: [{ operator: 'Exists' }],
      containers: [
        {
          name: 'agent',
          image,
          imagePullPolicy,
          // bash as PID 1 ignores SIGTERM; the trap makes deletion quick.
          command: ['bash', '-c', 'trap "exit 0" TERM INT; sleep infinity & wait'],
          securityContext: { privileged: true },
          resources: { requests: { cpu: '5m', memory: '8Mi' }, limits: { memory: '64Mi' } },
        },
      ],
    },
  };
}

export type { CommandResult };

export class NodeAgent {
  private constructor(
    private readonly kube: Kube,
    readonly namespace: string,
    readonly node: string,
    readonly pod: string,
  ) {}

  /** Creates the agent pod on the node and waits until it runs. */
  static async start(kube: Kube, namespace: string, node: string, labels: Labels = {}): Promise<NodeAgent> {
    const body = nodeAgentPod(node, labels);
    const name = body.metadata?.name ?? '';
    await kube.core.createNamespacedPod({ namespace, body });
    const agent = new NodeAgent(kube, namespace, node, name);
    try {
      await waitForPod(kube, namespace, name, 'Running', envScaled(nodeAgentStartMs));
    } catch (err) {
      await agent.remove().catch(() => undefined);
      throw new InfrastructureError(`node agent on ${node} did not start`, 'is the debian-tools image on the node? (`gauntlet cluster up` loads it)', { cause: err });
    }
    return agent;
  }

  /** Runs a command in the agent container; rejects with its stderr when it exits non-zero. */
  exec(cmd: readonly string[], timeoutMs: number = envScaled(nodeCommandMs)): Promise<CommandResult> {
    return execInPod(this.kube, { namespace: this.namespace, pod: this.pod, container: 'agent', describe: `node agent on ${this.node}` }, cmd, timeoutMs);
  }

  /** Runs a command as root on the node (PID 1's namespaces); returns its stdout. */
  async host(cmd: readonly string[], timeoutMs?: number): Promise<string> {
    return (await this.exec(onHost(cmd), timeoutMs)).stdout;
  }

  /** Deletes the agent pod and waits until it is gone. */
  async remove(): Promise<void> {
    await ignoreNotFound(this.kube.core.deleteNamespacedPod({ namespace: this.namespace, name: this.pod, gracePeriodSeconds: 0 }));
    await waitForPodDeleted(this.kube, this.namespace, this.pod, envScaled(nodeAgentStartMs));
  }
}
