/**
 * Probe pod builders: the one place that turns "run the probe in this mode under this
 * runtime" into a V1Pod. Suites add their own security context or volumes through
 * `overrides`; they never spell out a whole pod.
 */
import type { V1Container, V1Pod, V1PodSpec, V1ResourceRequirements, V1SecurityContext } from '@kubernetes/client-node';
import { runConfiguration } from '../config/load-config.js';
import { defaultProbeImage, imagePullPolicy, probeImage } from '../images.js';
import { runtimeClassFor, type Runtime } from '../runtimes.js';

export { defaultProbeImage, probeImage };

/** The probe container's name: the node runtime's logs name it too (lib/cri/containerd-log.ts). */
export const probeContainerName = 'probe';

/** The restricted security context of a production sandbox pod (Pod Security "restricted"). */
export const hardenedSecurityContext: V1SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  runAsNonRoot: true,
  runAsUser: 65534,
  runAsGroup: 65534,
  seccompProfile: { type: 'RuntimeDefault' },
};

export interface ProbePodOptions {
  name: string;
  runtime: Runtime;
  /** Probe arguments: mode first, e.g. ['attempt', 'proc-root-canary'] or ['start']. */
  args: string[];
  labels?: Record<string, string>;
  /** Pin to a node through its hostname label, so the RuntimeClass's own scheduling rules still apply. */
  node?: string;
  /** Node labels the pod must land on, beside the pin and the RuntimeClass's own selector. */
  nodeSelector?: Record<string, string>;
  env?: Record<string, string>;
  /** Default: the run's `probe.resources`. */
  resources?: V1ResourceRequirements;
  securityContext?: V1SecurityContext;
  /** Merged last into the container and the pod spec. */
  container?: Partial<V1Container>;
  spec?: Partial<V1PodSpec>;
  image?: string;
}

/** The run's configured probe resources as a container's. */
export function probeResources(): V1ResourceRequirements {
  const { requests, limits } = runConfiguration().probe.resources;
  return { requests: { ...requests }, limits: { memory: limits.memory, ...(limits.cpu !== undefined && { cpu: limits.cpu }) } };
}

export function probePod(o: ProbePodOptions): V1Pod {
  const image = o.image ?? probeImage();
  const container: V1Container = {
    name: probeContainerName,
    image,
    imagePullPolicy,
    args: o.args,
    env: Object.entries(o.env ?? {}).map(([name, value]) => ({ name, value })),
    // The result document is read from here first, then from the logs (lib/probe/result.ts).
    terminationMessagePolicy: 'FallbackToLogsOnError',
    resources: o.resources ?? probeResources(),
    ...(o.securityContext ? { securityContext: o.securityContext } : {}),
    ...o.container,
  };
  const runtimeClassName = runtimeClassFor[o.runtime];
  return {
    metadata: { name: o.name, labels: { 'sandbox-gauntlet.dev/runtime': o.runtime, ...o.labels } },
    spec: {
      ...(runtimeClassName ? { runtimeClassName } : {}),
      ...(o.node || o.nodeSelector ? { nodeSelector: { ...o.nodeSelector, ...(o.node ? { 'kubernetes.io/hostname': o.node } : {}) } } : {}),
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 5,
      enableServiceLinks: false,
      containers: [container],
      ...o.spec,
    },
  };
}
