/**
 * The built-in servers a workload can talk to (definition `server`), and their pods. One server
 * per gVisor node the workload runs on, always under runc: the client runs under each runtime in
 * turn, so the only netstack that differs between the two runs of a pair is the client's
 * (gVisor's netstack in the Sentry, or the node's kernel), and the server is the same process
 * for both. It runs on the client's node, so the path between them (the node's bridge, no wire:
 * the local cluster's nodes share one host anyway) is the same for every pair and does not
 * dilute the ratio. The server's address replaces `{server}` in the workload's command.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { imagePullPolicy } from '../images.js';
import type { CleanupStack } from '../kube/cleanup.js';
import { ignoreNotFound, type Kube } from '../kube/client.js';
import { hardenedSecurityContext } from '../probe/pod-spec.js';
import { InfrastructureError } from '../errors.js';
import { waitForPod } from '../wait.js';
import { serverPlaceholder, type ServerName } from './definition.js';
import { stampInImage } from './pod.js';

export interface BuiltinServer {
  port: number;
  /** gauntlet-work's subcommand and arguments (fixtures/workloads/net.go). */
  args: string[];
  what: string;
}

export const builtinServers: Readonly<Record<ServerName, BuiltinServer>> = Object.freeze({
  'net-server': { port: 7070, args: ['net-server', '7070'], what: 'TCP sink and echo (gauntlet-work net-server), under runc on the client’s node' },
});

/** Pure: the command with every `{server}` replaced by the address. */
export const withServerAddress = (command: readonly string[], address: string): string[] => command.map((a) => a.split(serverPlaceholder).join(address));

export interface ServerPodOptions {
  name: string;
  server: ServerName;
  workloadsImage: string;
  labels: Record<string, string>;
  node: string;
}

/** The server's pod: runc (no RuntimeClass), hardened as a workload pod, Ready once its port accepts. */
export function serverPod(o: ServerPodOptions): V1Pod {
  const s = builtinServers[o.server];
  return {
    metadata: { name: o.name, labels: { 'sandbox-gauntlet.dev/runtime': 'runc', 'sandbox-gauntlet.dev/server': o.server, ...o.labels } },
    spec: {
      nodeSelector: { 'kubernetes.io/hostname': o.node },
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'server',
          image: o.workloadsImage,
          imagePullPolicy,
          command: [stampInImage, ...s.args],
          ports: [{ containerPort: s.port, protocol: 'TCP' }],
          readinessProbe: { tcpSocket: { port: s.port }, periodSeconds: 1 },
          securityContext: hardenedSecurityContext,
          resources: { requests: { cpu: '100m', memory: '32Mi' }, limits: { memory: '256Mi' } },
        },
      ],
    },
  };
}

/** Creates the server's pod (its deletion registered right after), waits until Ready, and returns `ip:port`. */
export async function startServer(kube: Kube, namespace: string, cleanup: CleanupStack, o: ServerPodOptions, timeoutMs: number): Promise<string> {
  await kube.core.createNamespacedPod({ namespace, body: serverPod(o) });
  cleanup.register(`delete server pod ${namespace}/${o.name}`, () => ignoreNotFound(kube.core.deleteNamespacedPod({ namespace, name: o.name, gracePeriodSeconds: 0 })));
  const ready = await waitForPod(kube, namespace, o.name, 'Ready', timeoutMs);
  const ip = ready.value.status?.podIP;
  if (!ip) throw new InfrastructureError(`server pod ${namespace}/${o.name} is Ready without a pod IP`);
  return `${ip}:${builtinServers[o.server].port}`;
}
