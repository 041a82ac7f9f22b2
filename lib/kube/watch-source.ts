/**
 * A StateSource backed by the Kubernetes API: list, then watch from the list's
 * resourceVersion; resume the watch when the server closes it, re-list when it
 * fails or the resourceVersion expires (410). Each state is stamped with its local
 * receipt time as soon as it is parsed.
 */
import { Watch, type CoreV1Event, type KubernetesObject, type V1DaemonSet, type V1Namespace, type V1Node, type V1Pod, type V1ServiceAccount } from '@kubernetes/client-node';
// Not re-exported by the package root; needed so watched objects get Date fields like listed ones do.
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import { setTimeout as sleep } from 'node:timers/promises';
import pRetry from 'p-retry';
import { BadInputError, InfrastructureError } from '../errors.js';
import { watchRetryDelayMs, watchWindowSeconds } from '../timeouts.js';
import type { StateSink, StateSource } from '../wait.js';
import { describeKubeError, statusCodeOf, type Kube } from './client.js';
import { receiptTime } from './receipt-time.js';

export interface Selectors {
  fieldSelector?: string;
  labelSelector?: string;
}

export interface ListResult<T> {
  items: T[];
  metadata?: { resourceVersion?: string };
}

/** The object the events of a timeout message are looked up for. */
export interface InvolvedObject {
  kind: string;
  name: string;
  /** Undefined for cluster-scoped objects (their events live in any namespace, usually `default`). */
  namespace?: string;
}

/** What to watch: a collection path with selectors, the typed list call for it, and the model name for watch objects. */
export interface WatchTarget<T> {
  kube: Kube;
  /** Collection path, e.g. `/api/v1/namespaces/<ns>/pods`. */
  path: string;
  /** client-node model name of the objects, e.g. 'V1Pod'. */
  model: string;
  selectors: Selectors;
  list(selectors: Selectors): Promise<ListResult<T>>;
  involved?: InvolvedObject;
}

const byName = (name: string): Selectors => ({ fieldSelector: `metadata.name=${name}` });

export function podTarget(kube: Kube, namespace: string, name: string): WatchTarget<V1Pod> {
  return {
    kube,
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
    model: 'V1Pod',
    selectors: byName(name),
    list: (s) => kube.core.listNamespacedPod({ namespace, ...s }),
    involved: { kind: 'Pod', name, namespace },
  };
}

export function nodeTarget(kube: Kube, name: string): WatchTarget<V1Node> {
  return {
    kube,
    path: '/api/v1/nodes',
    model: 'V1Node',
    selectors: byName(name),
    list: (s) => kube.core.listNode(s),
    involved: { kind: 'Node', name },
  };
}

export function daemonSetTarget(kube: Kube, namespace: string, name: string): WatchTarget<V1DaemonSet> {
  return {
    kube,
    path: `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/daemonsets`,
    model: 'V1DaemonSet',
    selectors: byName(name),
    list: (s) => kube.apps.listNamespacedDaemonSet({ namespace, ...s }),
    involved: { kind: 'DaemonSet', name, namespace },
  };
}

export function namespaceTarget(kube: Kube, name: string): WatchTarget<V1Namespace> {
  return {
    kube,
    path: '/api/v1/namespaces',
    model: 'V1Namespace',
    selectors: byName(name),
    list: (s) => kube.core.listNamespace(s),
    involved: { kind: 'Namespace', name },
  };
}

export function serviceAccountTarget(kube: Kube, namespace: string, name: string): WatchTarget<V1ServiceAccount> {
  return {
    kube,
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts`,
    model: 'V1ServiceAccount',
    selectors: byName(name),
    list: (s) => kube.core.listNamespacedServiceAccount({ namespace, ...s }),
    involved: { kind: 'ServiceAccount', name, namespace },
  };
}

/** Statuses retrying cannot fix: a malformed request or missing permission. */
export function isFatalListStatus(code: number | undefined): boolean {
  return code === 400 || code === 401 || code === 403;
}

/** When an event last happened: the newest of its timestamps (events.k8s.io and legacy fields both appear). */
export function eventTime(event: CoreV1Event): number {
  const times = [event.series?.lastObservedTime, event.lastTimestamp, event.eventTime, event.firstTimestamp, event.metadata?.creationTimestamp]
    .map((t) => (t === undefined || t === null ? Number.NaN : new Date(t).getTime()))
    .filter((t) => Number.isFinite(t));
  return times.length === 0 ? 0 : Math.max(...times);
}

/** The most recent event (Normal or Warning); on equal times the later one in the list. */
export function pickLatestEvent(events: CoreV1Event[]): CoreV1Event | undefined {
  let latest: CoreV1Event | undefined;
  for (const event of events) {
    if (latest === undefined || eventTime(event) >= eventTime(latest)) latest = event;
  }
  return latest;
}

/** Message of the latest event about `involved` (optionally only for object `uid`), or undefined if there is none. */
export async function latestEventMessage(kube: Kube, involved: InvolvedObject, uid?: string): Promise<string | undefined> {
  const fields = [`involvedObject.kind=${involved.kind}`, `involvedObject.name=${involved.name}`];
  if (uid) fields.push(`involvedObject.uid=${uid}`);
  const fieldSelector = fields.join(',');
  const list =
    involved.namespace !== undefined
      ? await kube.core.listNamespacedEvent({ namespace: involved.namespace, fieldSelector })
      : await kube.core.listEventForAllNamespaces({ fieldSelector });
  return pickLatestEvent(list.items)?.message;
}

/** A watch ERROR event carries a Status object rather than the watched kind. */
interface WatchStatus {
  code?: number;
  reason?: string;
  message?: string;
}

/** A StateSource that lists and watches `target`. */
export function watchSource<T extends KubernetesObject>(target: WatchTarget<T>): StateSource<T> {
  let lastUid: string | undefined;

  const start = (sink: StateSink<T>): (() => void) => {
    const stopper = new AbortController();
    let current: AbortController | undefined;
    let resourceVersion: string | undefined;

    const relist = async (): Promise<void> => {
      const list = await target.list(target.selectors);
      const receivedAt = receiptTime();
      resourceVersion = list.metadata?.resourceVersion;
      if (list.items.length === 0) {
        sink.next({ type: 'ABSENT', object: undefined, receivedAt });
        return;
      }
      for (const object of list.items) {
        lastUid = object.metadata?.uid ?? lastUid;
        sink.next({ type: 'LISTED', object, receivedAt });
      }
    };

    /** One watch request; resolves with why it ended. */
    const watchOnce = (): Promise<{ relist: boolean }> =>
      new Promise((resolve) => {
        // Set when the server reported an ERROR event; the stream is then over and only a fresh list can continue.
        let broken = false;
        const params = {
          ...target.selectors,
          resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds: watchWindowSeconds,
        };
        const onEvent = (type: string, raw: unknown): void => {
          const receivedAt = receiptTime();
          if (stopper.signal.aborted) return;
          if (type === 'ERROR') {
            const status = raw as WatchStatus;
            broken = true;
            // 410 Gone (resourceVersion too old) is routine; anything else is worth keeping as a cause.
            if (status.code !== 410) {
              sink.trouble(new InfrastructureError(`Watch on ${target.path} reported ${status.code ?? '?'} ${status.reason ?? ''}: ${status.message ?? ''}`));
            }
            current?.abort();
            return;
          }
          const version = (raw as KubernetesObject).metadata?.resourceVersion;
          if (version) resourceVersion = version;
          if (type === 'BOOKMARK') return;
          if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') return;
          const object = ObjectSerializer.deserialize(raw, target.model, '') as T;
          lastUid = object.metadata?.uid ?? lastUid;
          sink.next({ type, object, receivedAt });
        };
        const onDone = (err: unknown): void => {
          if (err && !stopper.signal.aborted && !broken) {
            const code = statusCodeOf(err);
            const message = `Watch on ${target.path} failed: ${describeKubeError(err)}`;
            if (isFatalListStatus(code)) {
              sink.fail(new InfrastructureError(message, 'Check that the kubeconfig credentials allow watch on this resource.', { cause: err }));
            } else {
              sink.trouble(new InfrastructureError(message, undefined, { cause: err }));
            }
          }
          resolve({ relist: broken || Boolean(err) });
        };
        new Watch(target.kube.config).watch(target.path, params, onEvent, onDone).then(
          (controller) => {
            current = controller;
            if (stopper.signal.aborted) controller.abort();
          },
          (err: unknown) => onDone(err ?? new Error('watch could not start')),
        );
      });

    const listFailed = (err: unknown): string =>
      `Listing ${target.path} (${target.selectors.fieldSelector ?? target.selectors.labelSelector ?? 'all'}) failed: ${describeKubeError(err)}`;

    // A failed list is tried again after a pause for as long as the source is wanted (the
    // waiter's own deadline ends a wait), each failure kept as trouble; a status a retry
    // cannot fix, or a bug (a TypeError that is no network error), ends it.
    const listUntilDone = (): Promise<void> =>
      pRetry(relist, {
        retries: Number.POSITIVE_INFINITY,
        factor: 1,
        minTimeout: watchRetryDelayMs,
        signal: stopper.signal,
        shouldRetry: ({ error }) => !isFatalListStatus(statusCodeOf(error)),
        onFailedAttempt: ({ error }) => {
          if (!isFatalListStatus(statusCodeOf(error)) && !stopper.signal.aborted) sink.trouble(new InfrastructureError(listFailed(error), undefined, { cause: error }));
        },
      });

    const loop = async (): Promise<void> => {
      let needList = true;
      while (!stopper.signal.aborted) {
        if (needList) {
          try {
            await listUntilDone();
          } catch (err) {
            if (stopper.signal.aborted) return;
            const code = statusCodeOf(err);
            sink.fail(
              code === 400
                ? new BadInputError(listFailed(err), 'The selector or path is malformed; this is a harness bug.', { cause: err })
                : new InfrastructureError(listFailed(err), isFatalListStatus(code) ? 'Check the kubeconfig credentials and that they allow get/list/watch on this resource.' : undefined, { cause: err }),
            );
            return;
          }
        }
        if (stopper.signal.aborted) return;
        const watchStarted = performance.now();
        const ended = await watchOnce();
        needList = ended.relist;
        // A clean server-side close resumes from the last resourceVersion at once, unless the
        // watch ended almost immediately: then pause, so a misbehaving proxy cannot cause a hot loop.
        if (ended.relist || performance.now() - watchStarted < watchRetryDelayMs) {
          await sleep(watchRetryDelayMs, undefined, { signal: stopper.signal }).catch(() => undefined);
        }
      }
    };

    // Anything escaping the loop is a bug, but it must end the wait rather than vanish.
    loop().catch((err: unknown) => sink.fail(err));
    return () => {
      stopper.abort();
      current?.abort();
    };
  };

  const involved = target.involved;
  return {
    start,
    ...(involved && {
      lastEvent: (_signal: AbortSignal) => latestEventMessage(target.kube, involved, lastUid),
    }),
  };
}
