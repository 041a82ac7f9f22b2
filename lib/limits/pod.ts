/**
 * The pods of the resource-limits checks: one container from the workloads image, the restricted
 * security context of a production sandbox pod, no service account token, pinned to a gVisor node
 * (both runtimes run on the gVisor group, as the workloads do), with the resources the check sets.
 */
import type { V1Pod, V1ResourceRequirements } from '@kubernetes/client-node';
import { imagePullPolicy } from '../images.js';
import { hardenedSecurityContext } from '../probe/pod-spec.js';
import { runtimeClassFor, type Runtime } from '../runtimes.js';

export const limitContainerName = 'limits';
/** The emptyDir every limits pod mounts (the ephemeral-storage check writes there). */
export const limitScratchDir = '/scratch';

export interface LimitPodOptions {
  name: string;
  runtime: Runtime;
  node: string;
  image: string;
  command: string[];
  resources: V1ResourceRequirements;
  labels: Record<string, string>;
}

export function limitPod(o: LimitPodOptions): V1Pod {
  const runtimeClassName = runtimeClassFor[o.runtime];
  return {
    metadata: { name: o.name, labels: { 'sandbox-gauntlet.dev/runtime': o.runtime, ...o.labels } },
    spec: {
      ...(runtimeClassName ? { runtimeClassName } : {}),
      nodeSelector: { 'kubernetes.io/hostname': o.node },
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      // The harness deletes these pods as soon as it has read them; nothing in them needs a grace period.
      terminationGracePeriodSeconds: 0,
      containers: [
        {
          name: limitContainerName,
          image: o.image,
          imagePullPolicy,
          command: o.command,
          volumeMounts: [{ name: 'scratch', mountPath: limitScratchDir }],
          securityContext: hardenedSecurityContext,
          resources: o.resources,
        },
      ],
      volumes: [{ name: 'scratch', emptyDir: {} }],
    },
  };
}
