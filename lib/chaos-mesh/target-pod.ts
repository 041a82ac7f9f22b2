/**
 * The pods of the Chaos Mesh matrix: a target per runtime (the workloads image's Debian
 * python3, idle, with a CPU limit so a stressor in its cgroup shows, and an emptyDir at
 * /scratch for IOChaos) and the peer the network faults are seen against (runc: its own
 * runtime must not be what is tested). restartPolicy Always, so a killed container restarts.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { imagePullPolicy, workloadsImage } from '../images.js';
import type { Labels } from '../kube/labels.js';
import { runtimeClassFor, type Runtime } from '../runtimes.js';
import { peerCommand, peerPort, targetContainer } from './evidence.js';

/** The target's CPU limit: a one-worker stressor at 100 % competes with the evidence loop within it. */
export const targetCpuLimit = '500m';

export function chaosTargetPod(name: string, runtime: Runtime, node: string, labels: Labels, command: string[] = ['sleep', 'infinity']): V1Pod {
  return {
    metadata: { name, labels: { ...labels, 'sandbox-gauntlet.dev/runtime': runtime, 'sandbox-gauntlet.dev/role': 'chaos-target' } },
    spec: {
      ...(runtimeClassFor[runtime] ? { runtimeClassName: runtimeClassFor[runtime] } : {}),
      nodeSelector: { 'kubernetes.io/hostname': node },
      restartPolicy: 'Always',
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: targetContainer,
          image: workloadsImage(),
          imagePullPolicy,
          command,
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: targetCpuLimit, memory: '256Mi' } },
          volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }],
        },
      ],
      volumes: [{ name: 'scratch', emptyDir: {} }],
    },
  };
}

export function chaosPeerPod(name: string, node: string, labels: Labels): V1Pod {
  return {
    metadata: { name, labels: { ...labels, 'sandbox-gauntlet.dev/runtime': 'runc', 'sandbox-gauntlet.dev/role': 'chaos-peer' } },
    spec: {
      nodeSelector: { 'kubernetes.io/hostname': node },
      restartPolicy: 'Always',
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'peer',
          image: workloadsImage(),
          imagePullPolicy,
          command: peerCommand,
          ports: [{ containerPort: peerPort, protocol: 'TCP' }],
          readinessProbe: { tcpSocket: { port: peerPort }, periodSeconds: 1 },
          resources: { requests: { cpu: '50m', memory: '32Mi' } },
        },
      ],
    },
  };
}
