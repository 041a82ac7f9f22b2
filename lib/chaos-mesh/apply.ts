/**
 * Applying a chaos resource, waiting on its own status, and deleting it. Deleting waits
 * until Chaos Mesh has recovered every target and removed its finalizer; a resource that
 * never injected can hang there, so past the budget its finalizer is removed and the
 * caller hears about it (nothing is left behind on the user's cluster).
 */
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { describeKubeError, ignoreNotFound, type Kube } from '../kube/client.js';
import { existenceSource, pollSource } from '../chaos/poll-source.js';
import { WaitTimeoutError } from '../errors.js';
import { waitFor } from '../wait.js';
import { describeStatus, judgeInjection, type ChaosStatus, type Injection } from './status.js';
import { pluralOfKind, type ChaosObject } from './templates.js';

const group = 'chaos-mesh.org';
const version = 'v1alpha1';

const ref = (o: ChaosObject) => ({ group, version, namespace: o.metadata.namespace, plural: pluralOfKind(o.kind), name: o.metadata.name });

export const describeChaos = (o: ChaosObject): string => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`;

export async function applyChaos(kube: Kube, o: ChaosObject): Promise<void> {
  const { name: _name, ...r } = ref(o);
  await kube.custom.createNamespacedCustomObject({ ...r, body: o });
}

async function readStatus(kube: Kube, o: ChaosObject): Promise<ChaosStatus | undefined> {
  const obj = (await kube.custom.getNamespacedCustomObject(ref(o))) as { status?: ChaosStatus };
  return obj.status;
}

/**
 * Waits until the resource says AllInjected, or one of its Apply events failed. Running out
 * of time is an answer too (a fault that never lands fails loudly): the last status is kept.
 */
export async function waitForInjection(kube: Kube, o: ChaosObject, timeoutMs: number): Promise<Injection & { elapsedMs: number }> {
  try {
    const r = await waitFor<ChaosStatus | undefined, Injection>({
      what: `${describeChaos(o)} injected (AllInjected) or failed (an Apply event)`,
      source: pollSource(() => readStatus(kube, o)),
      until: (s) => {
        const j = judgeInjection(s);
        return j ? { done: true, value: j } : { done: false, state: describeStatus(s) };
      },
      timeoutMs,
    });
    return { ...r.value, elapsedMs: r.elapsedMs };
  } catch (err) {
    if (err instanceof WaitTimeoutError) return { injected: false, message: err.message, timedOut: true, elapsedMs: timeoutMs };
    throw err;
  }
}

/** Deletes the resource and waits until it is gone; returns what had to be forced, if anything. */
export async function deleteChaos(kube: Kube, o: ChaosObject, timeoutMs: number): Promise<string | undefined> {
  await ignoreNotFound(kube.custom.deleteNamespacedCustomObject(ref(o)));
  const gone = (): Promise<unknown> =>
    waitFor<boolean, true>({
      what: `${describeChaos(o)} recovered and deleted`,
      source: existenceSource(() => kube.custom.getNamespacedCustomObject(ref(o))),
      until: (exists) => (exists === false ? { done: true, value: true } : { done: false, state: 'still present (recovering, finalizer chaos-mesh/records)' }),
      timeoutMs,
    });
  try {
    await gone();
    return undefined;
  } catch (err) {
    if (!(err instanceof WaitTimeoutError)) throw err;
    const status = await readStatus(kube, o).catch((e: unknown) => ({ error: describeKubeError(e) }));
    await ignoreNotFound(kube.custom.patchNamespacedCustomObject({ ...ref(o), body: [{ op: 'remove', path: '/metadata/finalizers' }] }, setHeaderOptions('Content-Type', PatchStrategy.JsonPatch)));
    await gone();
    return `${describeChaos(o)} did not recover within ${timeoutMs} ms; its finalizer was removed (last status: ${JSON.stringify(status).slice(0, 400)})`;
  }
}

