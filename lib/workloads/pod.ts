/**
 * Workload pods: the one place a workload and a runtime become a V1Pod. The workload runs under
 * the stamp (`gauntlet-work stamp -- <command>`), which writes its document to the termination
 * message. In the workloads image the stamp is already there; any other image gets it from an
 * init container that copies it into an emptyDir, so a user's own image runs unchanged. Every
 * pod has an emptyDir at /scratch (the file I/O workload writes there), the restricted security
 * context of a production sandbox pod, and no service account token.
 */
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { imagePullPolicy } from '../images.js';
import { hardenedSecurityContext } from '../probe/pod-spec.js';
import { runtimeClassFor, type Runtime } from '../runtimes.js';
import { scratchDir } from './builtin.js';
import type { Workload } from './definition.js';

export const workloadContainerName = 'workload';
/** The stamp inside the workloads image, and where the init container puts it for other images. */
export const stampInImage = '/usr/local/bin/gauntlet-work';
const stampDir = '/gauntlet';
export const stampCopied = `${stampDir}/gauntlet-work`;

export interface WorkloadPodOptions {
  name: string;
  runtime: Runtime;
  workload: Workload;
  /** The workloads image: the stamp's source. */
  workloadsImage: string;
  labels: Record<string, string>;
  /** Pin to this node (a pair runs both runtimes on one node). */
  node?: string;
  nodeSelector?: Record<string, string>;
}

/** Requests as a tenant pod's; a memory limit that leaves room for the Sentry under runsc. No CPU limit: CPU-bound work is what is measured. */
export const workloadResources = { requests: { cpu: '250m', memory: '64Mi' }, limits: { memory: '512Mi' } } as const;

export function workloadPod(o: WorkloadPodOptions): V1Pod {
  const own = o.workload.image === o.workloadsImage;
  const stamp = own ? stampInImage : stampCopied;
  const mounts = [{ name: 'scratch', mountPath: scratchDir }, ...(own ? [] : [{ name: 'stamp', mountPath: stampDir, readOnly: true }])];
  const init: V1Container[] = own
    ? []
    : [
        {
          name: 'stamp',
          image: o.workloadsImage,
          imagePullPolicy,
          command: [stampInImage, 'install', stampCopied],
          volumeMounts: [{ name: 'stamp', mountPath: stampDir }],
          securityContext: hardenedSecurityContext,
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
        },
      ];
  const runtimeClassName = runtimeClassFor[o.runtime];
  return {
    metadata: { name: o.name, labels: { 'sandbox-gauntlet.dev/runtime': o.runtime, 'sandbox-gauntlet.dev/workload': o.workload.name, ...o.labels } },
    spec: {
      ...(runtimeClassName ? { runtimeClassName } : {}),
      ...(o.node || o.nodeSelector ? { nodeSelector: { ...o.nodeSelector, ...(o.node ? { 'kubernetes.io/hostname': o.node } : {}) } } : {}),
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 5,
      initContainers: init,
      containers: [
        {
          name: workloadContainerName,
          image: o.workload.image,
          imagePullPolicy,
          command: [stamp, 'stamp', '--', ...o.workload.command],
          // The stamp's document is the termination message; the logs are the workload's own output.
          terminationMessagePolicy: 'File',
          volumeMounts: mounts,
          securityContext: hardenedSecurityContext,
          resources: { requests: { ...workloadResources.requests }, limits: { ...workloadResources.limits } },
        },
      ],
      volumes: [{ name: 'scratch', emptyDir: {} }, ...(own ? [] : [{ name: 'stamp', emptyDir: {} }])],
    },
  };
}
