/**
 * The file handle of the node canary, taken by the harness in a trusted pod of its own (runc,
 * a read-only hostPath of the canary directory, the probe's `handle` mode). A handle names an
 * inode of a filesystem, not a path, so it is the node's whatever mount it was taken through;
 * syscall.open-by-handle-at (shocker) succeeds only when it reads the canary back through it.
 */
import type { CleanupStack } from '../kube/cleanup.js';
import type { Kube } from '../kube/client.js';
import { InfrastructureError } from '../errors.js';
import { probePod } from '../probe/pod-spec.js';
import { envScaled, podStartMs, probeFinishMs } from '../timeouts.js';
import { waitForPod } from '../wait.js';

const name = 'canary-handle';
const mount = '/node-canary';

/** Pure: the `handle` mode's output line `<type>:<hex>`, or undefined. */
export function parseHandleLine(out: string): string | undefined {
  return out
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /^\d+:[0-9a-f]+$/.test(l));
}

export async function takeCanaryHandle(kube: Kube, cleanup: CleanupStack, o: { namespace: string; node: string; canaryDir: string; labels: Record<string, string> }): Promise<string> {
  const body = probePod({
    name,
    runtime: 'runc',
    node: o.node,
    labels: o.labels,
    args: ['handle', `${mount}/token`],
    securityContext: { runAsUser: 0, runAsNonRoot: false },
    container: { volumeMounts: [{ name: 'canary', mountPath: mount, readOnly: true }] },
    spec: { volumes: [{ name: 'canary', hostPath: { path: o.canaryDir, type: 'Directory' } }] },
  });
  await kube.core.createNamespacedPod({ namespace: o.namespace, body });
  cleanup.register(`delete pod ${o.namespace}/${name}`, () => kube.core.deleteNamespacedPod({ namespace: o.namespace, name, gracePeriodSeconds: 0 }));
  await waitForPod(kube, o.namespace, name, 'Finished', envScaled(podStartMs + probeFinishMs));
  const logs = await kube.core.readNamespacedPodLog({ namespace: o.namespace, name, container: 'probe' }).catch((err: unknown) => String(err));
  const handle = parseHandleLine(logs);
  if (!handle) throw new InfrastructureError(`could not take the file handle of the node canary on ${o.node}`, `the probe's handle mode said: ${logs.slice(-300)}`);
  return handle;
}
