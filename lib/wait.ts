/**
 * The one way the harness waits for something in the cluster. `waitFor` feeds each
 * new state of an object (from an injectable source; normally a Kubernetes
 * list+watch) to a predicate that says either "done, here is the value" or "not yet,
 * and this is where it stands". On timeout the error says what was awaited, the last
 * state seen and the object's latest event. Every state carries its local receipt
 * time, which the performance suite uses as its clock.
 */
import type { V1DaemonSet, V1Namespace, V1Node, V1Pod, V1ServiceAccount } from '@kubernetes/client-node';
import { GauntletError, WaitTimeoutError } from './errors.js';
import { describeKubeError, type Kube } from './kube/client.js';
import {
  daemonSetReady,
  gone,
  nodeConditionIs,
  podReached,
  present,
  type DaemonSetReadyOptions,
  type PodCondition,
} from './kube/object-state.js';
import { receiptTime } from './kube/receipt-time.js';
import { daemonSetTarget, namespaceTarget, nodeTarget, podTarget, serviceAccountTarget, watchSource } from './kube/watch-source.js';
import { eventLookupMs } from './timeouts.js';

/** How a state arrived: from a (re-)list, a watch event, or a list that did not contain the object. */
export type ObservationType = 'LISTED' | 'ADDED' | 'MODIFIED' | 'DELETED' | 'ABSENT';

export interface Observation<T> {
  type: ObservationType;
  /** The object as received; undefined when ABSENT. For DELETED, its last state. */
  object: T | undefined;
  /** Local receipt time, epoch ms with sub-ms precision (see `receiptTime`). */
  receivedAt: number;
}

/**
 * What a predicate says about one state. Never a bare boolean: when not done it must
 * say where things stand, because that string is what a timeout reports.
 * `unreachable: true` means the condition can no longer happen (a finished pod will
 * never become Ready); the wait then fails at once instead of running out the clock.
 */
export type WaitStep<V> =
  | { done: true; value: V; state?: string }
  | { done: false; state: string; unreachable?: boolean };

export type Predicate<T, V> = (object: T | undefined, observation: Observation<T>) => WaitStep<V>;

/** Where a source delivers states. `trouble` reports a recoverable problem (kept as the timeout's cause). */
export interface StateSink<T> {
  next(observation: Observation<T>): void;
  trouble(err: unknown): void;
  fail(err: unknown): void;
}

/** A stream of states of one object (or a selected set). Injectable so the waiting logic is unit tested without a cluster. */
export interface StateSource<T> {
  /** Start delivering; returns (or resolves to) a function that stops delivery and releases connections. */
  start(sink: StateSink<T>): (() => void) | Promise<() => void>;
  /** Message of the latest event about the object, for timeout messages; undefined when there is none. */
  lastEvent?(signal: AbortSignal): Promise<string | undefined>;
}

/** One distinct state the wait passed through, with when it was first received. */
export interface StateRecord {
  state: string;
  type: ObservationType;
  receivedAt: number;
}

export interface WaitResult<V> {
  value: V;
  /** Receipt time of the state that satisfied the predicate. */
  receivedAt: number;
  /** Distinct consecutive states seen, ending with the one that satisfied the predicate. */
  history: StateRecord[];
  /** From the start of the wait to the receipt of the deciding state. */
  elapsedMs: number;
}

export interface WaitOptions<T, V> {
  /** What is awaited, as it should read in a message: "pod ns/p Ready". */
  what: string;
  source: StateSource<T>;
  until: Predicate<T, V>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called for each state change, e.g. to log progress or record phase timings. */
  onState?: (record: StateRecord) => void;
}

/** A wait gave up early because its predicate said the condition can no longer be reached. */
export class WaitUnreachableError extends GauntletError {
  override readonly name = 'WaitUnreachableError';
  constructor(
    readonly what: string,
    readonly lastState: string,
    readonly lastEvent: string | undefined,
    readonly elapsedMs: number,
  ) {
    super(
      `Gave up after ${Math.round(elapsedMs)} ms waiting for ${what}: it can no longer happen; last: ${lastState}${eventSuffix(lastEvent)}`,
    );
  }
}

export { receiptTime };

const nothingSeen = 'nothing observed yet';

/** Largest delay setTimeout honours (2^31-1 ms, about 24.8 days). */
const maxTimerMs = 2_147_483_647;

function eventSuffix(event: string | undefined): string {
  return event === undefined ? '' : `; event: ${event}`;
}

/** The latest event message, bounded in time and never throwing: the timeout message must still be produced. */
async function lookUpEvent<T>(source: StateSource<T>): Promise<string | undefined> {
  if (!source.lastEvent) return undefined;
  const signal = AbortSignal.timeout(eventLookupMs);
  const timedOut = new Promise<string>((resolve) =>
    signal.addEventListener('abort', () => resolve(`unavailable (no answer within ${eventLookupMs} ms)`), { once: true }),
  );
  try {
    const message = await Promise.race([source.lastEvent(signal), timedOut]);
    return message === undefined ? 'none' : message.replace(/\s+/g, ' ').trim();
  } catch (err) {
    return `unavailable (${describeKubeError(err)})`;
  }
}

/**
 * Wait until `until` says done, the timeout passes (WaitTimeoutError, message
 * `Timed out after <ms> ms waiting for <what>; last: <state>; event: <message>`),
 * the predicate says unreachable (WaitUnreachableError), the source fails, or
 * `signal` aborts (rejects with the signal's reason).
 */
export function waitFor<T, V>(options: WaitOptions<T, V>): Promise<WaitResult<V>> {
  const { what, source, until, timeoutMs, signal, onState } = options;
  const startedAt = receiptTime();
  return new Promise<WaitResult<V>>((resolve, reject) => {
    if (!(timeoutMs > 0 && timeoutMs <= maxTimerMs)) {
      // setTimeout silently turns larger values into 1 ms; refuse them instead.
      reject(new RangeError(`waitFor(${what}): timeoutMs must be in (0, ${maxTimerMs}], got ${timeoutMs}`));
      return;
    }
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const history: StateRecord[] = [];
    let lastState = nothingSeen;
    let lastTrouble: unknown;
    let settled = false;
    let stop: (() => void) | undefined;

    /** Append a state unless it repeats the previous one; the deciding state is always appended. */
    const record = (state: string, observation: Observation<T>, deciding = false): void => {
      const previous = history.at(-1);
      if (!deciding && previous?.state === state) return;
      const entry: StateRecord = { state, type: observation.type, receivedAt: observation.receivedAt };
      history.push(entry);
      onState?.(entry);
    };

    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      stop?.();
      outcome();
    };

    // Failure paths that look up the object's latest event first.
    const finishWithEvent = (makeError: (event: string | undefined) => Error): void => {
      if (settled) return;
      finish(() => {
        void lookUpEvent(source).then((event) => reject(makeError(event)));
      });
    };

    const onAbort = (): void => finish(() => reject(signal?.reason));

    const timer = setTimeout(() => {
      finishWithEvent((event) => {
        const error = new WaitTimeoutError(what, timeoutMs, lastState, lastTrouble === undefined ? undefined : { cause: lastTrouble });
        // errors.ts builds the message without the event; append it so the one line says everything.
        error.message += eventSuffix(event);
        return error;
      });
    }, timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    const sink: StateSink<T> = {
      next(observation) {
        if (settled) return;
        let step: WaitStep<V>;
        try {
          step = until(observation.object, observation);
        } catch (err) {
          finish(() => reject(err));
          return;
        }
        if (step.done) {
          record(step.state ?? 'done', observation, true);
          finish(() =>
            resolve({
              value: step.value,
              receivedAt: observation.receivedAt,
              history,
              elapsedMs: observation.receivedAt - startedAt,
            }),
          );
          return;
        }
        const state = step.state;
        lastState = state;
        record(state, observation);
        if (step.unreachable) {
          const elapsedMs = observation.receivedAt - startedAt;
          finishWithEvent((event) => new WaitUnreachableError(what, state, event, elapsedMs));
        }
      },
      trouble(err) {
        lastTrouble = err;
      },
      fail(err) {
        finish(() => reject(err));
      },
    };

    Promise.resolve()
      .then(() => source.start(sink))
      .then(
        (stopFn) => {
          if (settled) stopFn();
          else stop = stopFn;
        },
        (err: unknown) => finish(() => reject(err)),
      );
  });
}

// ---- Thin helpers over the Kubernetes watch source ----

export interface HelperOptions {
  signal?: AbortSignal;
  onState?: (record: StateRecord) => void;
}

/**
 * Wait for pod `ns/name` to reach `condition`: 'Scheduled', 'Running' (or finished after
 * starting), 'Ready', or 'Finished' (Succeeded/Failed, or every container terminated).
 * States read like ContainerCreating, CrashLoopBackOff, Init:ImagePullBackOff, Failed (Error, exit 1).
 */
export function waitForPod(
  kube: Kube,
  namespace: string,
  name: string,
  condition: PodCondition,
  timeoutMs: number,
  options: HelperOptions = {},
): Promise<WaitResult<V1Pod>> {
  return waitFor({
    what: `pod ${namespace}/${name} ${condition}`,
    source: watchSource(podTarget(kube, namespace, name)),
    until: podReached(condition),
    timeoutMs,
    ...options,
  });
}

/** Wait until pod `ns/name` no longer exists. */
export function waitForPodDeleted(kube: Kube, namespace: string, name: string, timeoutMs: number, options: HelperOptions = {}): Promise<WaitResult<undefined>> {
  return waitFor<V1Pod, undefined>({
    what: `pod ${namespace}/${name} deleted`,
    source: watchSource(podTarget(kube, namespace, name)),
    until: gone(),
    timeoutMs,
    ...options,
  });
}

/** Wait until node condition `type` (e.g. 'Ready') has `status` (default 'True'). */
export function waitForNodeCondition(
  kube: Kube,
  nodeName: string,
  type: string,
  timeoutMs: number,
  options: HelperOptions & { status?: 'True' | 'False' | 'Unknown' } = {},
): Promise<WaitResult<V1Node>> {
  const { status = 'True', ...rest } = options;
  return waitFor({
    what: `node ${nodeName} ${type}=${status}`,
    source: watchSource(nodeTarget(kube, nodeName)),
    until: nodeConditionIs(type, status),
    timeoutMs,
    ...rest,
  });
}

/** Wait until DaemonSet `ns/name` has its current generation updated and available on every scheduled node. */
export function waitForDaemonSetReady(
  kube: Kube,
  namespace: string,
  name: string,
  timeoutMs: number,
  options: HelperOptions & DaemonSetReadyOptions = {},
): Promise<WaitResult<V1DaemonSet>> {
  const { allowEmpty, ...rest } = options;
  return waitFor({
    what: `daemonset ${namespace}/${name} ready`,
    source: watchSource(daemonSetTarget(kube, namespace, name)),
    until: daemonSetReady({ allowEmpty }),
    timeoutMs,
    ...rest,
  });
}

/** Wait until namespace `name` no longer exists. */
export function waitForNamespaceDeleted(kube: Kube, name: string, timeoutMs: number, options: HelperOptions = {}): Promise<WaitResult<undefined>> {
  return waitFor<V1Namespace, undefined>({
    what: `namespace ${name} deleted`,
    source: watchSource(namespaceTarget(kube, name)),
    until: gone(),
    timeoutMs,
    ...options,
  });
}

/** Wait until ServiceAccount `ns/name` exists (a new namespace's `default` one gates pod admission). */
export function waitForServiceAccount(
  kube: Kube,
  namespace: string,
  name: string,
  timeoutMs: number,
  options: HelperOptions = {},
): Promise<WaitResult<V1ServiceAccount>> {
  return waitFor({
    what: `serviceaccount ${namespace}/${name} present`,
    source: watchSource(serviceAccountTarget(kube, namespace, name)),
    until: present<V1ServiceAccount>(),
    timeoutMs,
    ...options,
  });
}
