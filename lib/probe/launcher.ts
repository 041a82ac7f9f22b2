/**
 * The probe launcher: start one probe pod under a runtime and record when each phase of its
 * start happened, with millisecond precision.
 *
 * API (kept small so other suites can use it):
 *
 *   const run = await launchProbe({ kube, namespace, name, runtime: 'runsc', labels, timeoutMs, cleanup });
 *   run.status            // ProbeRunStatus from classifyProbeRun: succeeded | failed | invalid | ...
 *   run.phases.total      // ms from the create request to the container seen started
 *   run.phases.probeStarted, run.watchDelayMs, run.result, run.raw (when invalid)
 *
 * Options: `holdUntil` keeps the container running (see below); `deleteAfter: false`
 * leaves the pod for the caller; `budget` is the load-aware budget that set `timeoutMs` (reported on timeout).
 *
 * Clocks (all epoch ms):
 * - harness receipt time (lib/kube/receipt-time.ts): performance.now() precision, taken when
 *   the create request is sent and when each watch event is parsed. Everything the API server
 *   reports with one-second precision (conditions, container startedAt) is NOT used for phases.
 * - event MicroTime: events.k8s.io `eventTime` where the reporter sets it (the scheduler's
 *   `Scheduled`); kubelet events still carry second-precision legacy timestamps and are skipped.
 * - the probe's own clock: `startedAtMs` of its result document, read in a package initializer
 *   before main(), i.e. when the container's process really ran. On the node's clock: only
 *   meaningful when node and harness clocks agree (the local cluster shares the host clock);
 *   a value outside [create, finished] is dropped with a note rather than reported.
 *
 * Phases (ms after the create request was sent; a phase the watch skipped over takes the time
 * of the first state that implies it):
 *   created         API answered the create
 *   scheduled       first state with spec.nodeName        (scheduledEvent: the scheduler's MicroTime)
 *   sandboxReady    PodReadyToStartContainers=True or a pod IP: the sandbox (pause / runsc) is up
 *   containerStarted first state with the container running or terminated after a start
 *   probeStarted    the probe's own first timestamp
 *   ready           Ready=True, if ever seen (a `start` probe exits at once and may never be)
 *   finished        the container terminated
 *   total           = containerStarted: create → Running as the API reports it (gate `totalStartPhase`)
 * watchDelayMs = containerStarted − probeStarted: how late the harness learns of a start
 * (kubelet status sync + API + watch delivery).
 */
import type { CoreV1Event, V1Pod, V1ResourceRequirements } from '@kubernetes/client-node';
import { describeKubeError, type Kube } from '../kube/client.js';
import type { CleanupStack } from '../kube/cleanup.js';
import { isPodFinished } from '../kube/object-state.js';
import { podTarget, watchSource } from '../kube/watch-source.js';
import type { StartBudget } from '../load/timeout-model.js';
import type { Runtime } from '../runtimes.js';
import { apiCallMs } from '../timeouts.js';
import type { ProbeRunStatus } from '../vocabulary.js';
import { receiptTime, waitFor, waitForPodDeleted, type Observation, type WaitStep } from '../wait.js';
import { probePod } from './pod-spec.js';
import { pickProbeResult, type ProbeResult, type ProbeResultParse } from './result.js';
import { classifyProbeRun } from './run-status.js';

export const launchPhases = ['created', 'scheduled', 'scheduledEvent', 'sandboxReady', 'containerStarted', 'probeStarted', 'ready', 'finished', 'total'] as const;
export type LaunchPhase = (typeof launchPhases)[number];

/** Absolute times (epoch ms) of each mark, and which clock gave it. */
export interface PhaseMarks {
  createSent: number;
  createAcked?: number;
  scheduled?: number;
  scheduledEvent?: number;
  sandboxReady?: number;
  containerStarted?: number;
  probeStarted?: number;
  ready?: number;
  finished?: number;
}

export interface LaunchOptions {
  kube: Kube;
  namespace: string;
  name: string;
  runtime: Runtime;
  /** Run and suite labels (lib/kube/labels.ts gauntletLabels) plus any of the caller's. */
  labels: Record<string, string>;
  /** Hard limit for the whole run (create → container terminated). */
  timeoutMs: number;
  /** The load-aware budget that set timeoutMs, kept for a timed-out classification. */
  budget?: StartBudget;
  /** The pod's delete is registered here right after the create. */
  cleanup?: CleanupStack;
  /**
   * Keep the container running until the API reports it started and `release` settles, then end
   * it (probe mode `hold`): the pod is deleted with its own grace period, the probe writes its
   * document on SIGTERM and exits 0, and the kubelet stops its sandbox before the pod leaves the
   * API. A start is over once it is reported, so nothing waits out a fixed hold.
   */
  holdUntil?: HoldUntil;
  node?: string;
  /** Node labels the pod must land on (probePod's nodeSelector). */
  nodeSelector?: Record<string, string>;
  /** Delete the pod (grace 0) and wait until it is gone before returning; default true. */
  deleteAfter?: boolean;
  /** Default: the run's `probe.resources`. */
  resources?: V1ResourceRequirements;
  signal?: AbortSignal;
}

export interface HoldUntil {
  /** Called once: when the API reports the container started, or when the launch ends without that. */
  onStarted: () => void;
  /** Once it settles (after onStarted), the pod is deleted gracefully. */
  release: Promise<void>;
}

export interface ProbeLaunch {
  name: string;
  namespace: string;
  runtime: Runtime;
  node: string | undefined;
  /** The pod's UID, which the node's runtime logs carry (lib/cri/containerd-log.ts). */
  uid?: string;
  status: ProbeRunStatus;
  reason: string;
  result?: ProbeResult;
  /** The raw output when the result document was missing or malformed. */
  raw?: string;
  marks: PhaseMarks;
  /** ms after the create request; only phases that were observed. */
  phases: Partial<Record<LaunchPhase, number>>;
  /** containerStarted − probeStarted, when both are known. */
  watchDelayMs?: number;
  notes: string[];
}

// ---- Pure part: marks from observations, phases from marks -------------------------------

const hasCondition = (pod: V1Pod, type: string): boolean => pod.status?.conditions?.some((c) => c.type === type && c.status === 'True') === true;

const containerStartedIn = (pod: V1Pod): boolean =>
  (pod.status?.containerStatuses ?? []).some((cs) => cs.state?.running !== undefined || cs.state?.terminated?.startedAt !== undefined);

/**
 * Records the first receipt time of each state seen in `pod`, in place. A later state implies
 * the earlier ones (a finished container was started; a started one had a sandbox and a node),
 * so a state the watch skipped gets the time of the state that revealed it.
 */
export function markObservation(marks: PhaseMarks, pod: V1Pod | undefined, receivedAt: number): void {
  if (pod === undefined) return;
  const finished = isPodFinished(pod) && containerStartedIn(pod);
  const started = finished || containerStartedIn(pod);
  const sandbox = started || hasCondition(pod, 'PodReadyToStartContainers') || Boolean(pod.status?.podIP);
  const scheduled = sandbox || Boolean(pod.spec?.nodeName) || hasCondition(pod, 'PodScheduled');
  if (scheduled) marks.scheduled ??= receivedAt;
  if (sandbox) marks.sandboxReady ??= receivedAt;
  if (started) marks.containerStarted ??= receivedAt;
  if (hasCondition(pod, 'Ready')) marks.ready ??= receivedAt;
  if (finished) marks.finished ??= receivedAt;
}

/** The scheduler's `Scheduled` event time when it carries a MicroTime (eventTime), else undefined. */
export function scheduledEventTime(events: readonly CoreV1Event[]): number | undefined {
  const e = events.find((x) => x.reason === 'Scheduled' && x.eventTime !== undefined && x.eventTime !== null);
  if (!e?.eventTime) return undefined;
  const t = new Date(e.eventTime).getTime();
  return Number.isFinite(t) ? t : undefined;
}

/** Phase durations from marks, with a note for each mark that cannot be trusted. */
export function phasesFromMarks(marks: PhaseMarks): { phases: Partial<Record<LaunchPhase, number>>; watchDelayMs?: number; notes: string[] } {
  const t0 = marks.createSent;
  const notes: string[] = [];
  const phases: Partial<Record<LaunchPhase, number>> = {};
  const set = (phase: LaunchPhase, at: number | undefined): void => {
    if (at !== undefined) phases[phase] = at - t0;
  };
  set('created', marks.createAcked);
  set('scheduled', marks.scheduled);
  set('sandboxReady', marks.sandboxReady);
  set('containerStarted', marks.containerStarted);
  set('ready', marks.ready);
  set('finished', marks.finished);
  set('total', marks.containerStarted);
  // Other clocks: keep only values that fit the harness's own timeline (skew or a bad document otherwise).
  const upper = marks.finished ?? marks.containerStarted;
  const fits = (at: number | undefined, what: string): at is number => {
    if (at === undefined) return false;
    if (at < t0 || (upper !== undefined && at > upper)) {
      notes.push(`${what} ${(at - t0).toFixed(1)} ms after create lies outside the observed run (0 to ${upper === undefined ? '?' : (upper - t0).toFixed(1)} ms): clock skew? dropped`);
      return false;
    }
    return true;
  };
  if (fits(marks.scheduledEvent, 'scheduler event time')) set('scheduledEvent', marks.scheduledEvent);
  let watchDelayMs: number | undefined;
  if (fits(marks.probeStarted, "probe's first timestamp")) {
    set('probeStarted', marks.probeStarted);
    if (marks.containerStarted !== undefined) watchDelayMs = marks.containerStarted - marks.probeStarted;
  }
  return { phases, ...(watchDelayMs !== undefined ? { watchDelayMs } : {}), notes };
}

export interface OutcomeInput {
  pod: V1Pod | undefined;
  podGone: boolean;
  result: ProbeResultParse | undefined;
  events: readonly CoreV1Event[];
  expectedMode: string;
  createError?: string;
  timedOut?: { budgetMs: number; load?: StartBudget['load'] | undefined };
  waitError?: string;
}

export interface Outcome {
  status: ProbeRunStatus;
  reason: string;
  result?: ProbeResult;
  /** The raw output when the document was missing or malformed. */
  raw?: string;
}

/** Pure: the run's status (classifyProbeRun), plus the raw output of a bad document and a mode check. */
export function launchOutcome(i: OutcomeInput): Outcome {
  let c: Outcome;
  try {
    c = classifyProbeRun({
      pod: i.pod,
      podGone: i.podGone,
      result: i.result,
      events: i.events.map((e) => ({ reason: e.reason, message: e.message })),
      ...(i.createError !== undefined ? { createError: i.createError } : {}),
      ...(i.timedOut ? { timedOut: i.timedOut } : {}),
    });
  } catch (err) {
    c = { status: 'invalid', reason: `could not classify the run: ${(err as Error).message}` };
  }
  if (i.waitError) c = { ...c, reason: `${c.reason}; the wait failed: ${i.waitError}` };
  // A document of another mode is not what was asked for.
  if (c.status === 'succeeded' && i.result?.ok && i.result.result.mode !== i.expectedMode) {
    c = { status: 'invalid', reason: `the probe ran mode ${i.result.result.mode}, not ${i.expectedMode}`, result: i.result.result };
  }
  if (i.result && !i.result.ok) c = { ...c, raw: i.result.raw };
  return c;
}

// ---- I/O ----------------------------------------------------------------------------------

async function readOutputs(kube: Kube, namespace: string, name: string, pod: V1Pod | undefined): Promise<ProbeResultParse> {
  const terminationMessage = pod?.status?.containerStatuses?.[0]?.state?.terminated?.message;
  let logs: string | undefined;
  try {
    logs = await kube.core.readNamespacedPodLog({ namespace, name, container: 'probe' });
  } catch {
    // The termination message may still hold the document; pickProbeResult says what was missing.
  }
  return pickProbeResult({ logs: typeof logs === 'string' ? logs : undefined, terminationMessage });
}

async function podEvents(kube: Kube, namespace: string, name: string): Promise<CoreV1Event[]> {
  try {
    const list = await kube.core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${name}` });
    return list.items;
  } catch {
    return [];
  }
}

/**
 * The `holdUntil` side of one launch: `started()` (idempotent) tells the caller, then waits for
 * its release and deletes the pod gracefully, so the probe gets SIGTERM and writes its document;
 * `ended()` tells the caller even when the start never came, and waits for a pending delete.
 */
function holdWhileStarting(kube: Kube, namespace: string, name: string, hold: HoldUntil, notes: string[]): { started: () => void; ended: () => Promise<void> } {
  let stopping: Promise<void> | undefined;
  let told = false;
  const tell = (): void => {
    if (!told) hold.onStarted();
    told = true;
  };
  return {
    started: () => {
      tell();
      stopping ??= hold.release.then(async () => {
        try {
          await kube.core.deleteNamespacedPod({ namespace, name });
        } catch (err) {
          if ((err as { code?: number }).code !== 404) notes.push(`ending the held probe: ${describeKubeError(err)}`);
        }
      });
    },
    ended: async () => {
      tell();
      await stopping;
    },
  };
}

/** Starts one probe pod, waits until it finished (or the limit ran out), and reports its phases and outcome. */
export async function launchProbe(o: LaunchOptions): Promise<ProbeLaunch> {
  const { kube, namespace, name, runtime } = o;
  const args = o.holdUntil ? ['hold'] : ['start'];
  const body = probePod({ name, runtime, args, labels: o.labels, ...(o.node ? { node: o.node } : {}), ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}), ...(o.resources && { resources: o.resources }) });
  const marks: PhaseMarks = { createSent: Number.NaN };
  let lastPod: V1Pod | undefined;
  let podGone = false;
  const holdNotes: string[] = [];
  const held = o.holdUntil && holdWhileStarting(kube, namespace, name, o.holdUntil, holdNotes);

  // Watch first, create once the watch's initial list is in: no state of the pod can be missed.
  let listed!: () => void;
  const ready = new Promise<void>((resolve) => (listed = resolve));
  const until = (pod: V1Pod | undefined, obs: Observation<V1Pod>): WaitStep<V1Pod | undefined> => {
    listed();
    if (obs.type === 'DELETED') {
      podGone = true;
      // Its last state: a held probe ended by our own delete has its document in it.
      if (held && obs.object) lastPod = obs.object;
      return { done: true, value: lastPod, state: 'deleted' };
    }
    if (pod === undefined) return { done: false, state: 'not created yet' };
    lastPod = pod;
    markObservation(marks, pod, obs.receivedAt);
    if (marks.containerStarted !== undefined) held?.started();
    return isPodFinished(pod) ? { done: true, value: pod, state: 'finished' } : { done: false, state: pod.status?.phase ?? 'Pending' };
  };
  const stopWatch = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, stopWatch.signal]) : stopWatch.signal;
  const watching = waitFor({ what: `probe pod ${namespace}/${name} (${runtime}) finished`, source: watchSource(podTarget(kube, namespace, name)), until, timeoutMs: o.timeoutMs, signal });
  // Nothing else awaits `watching` until after the create; keep an early rejection from being unhandled.
  watching.catch(() => undefined);
  await Promise.race([ready, watching.then(() => undefined)]);

  let createError: string | undefined;
  marks.createSent = receiptTime();
  try {
    await kube.core.createNamespacedPod({ namespace, body });
    marks.createAcked = receiptTime();
    o.cleanup?.register(`delete pod ${namespace}/${name}`, () => kube.core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 }));
  } catch (err) {
    createError = describeKubeError(err);
  }

  let timedOut = false;
  let waitError: string | undefined;
  if (createError === undefined) {
    try {
      await watching;
    } catch (err) {
      if ((err as Error).name === 'WaitTimeoutError') timedOut = true;
      else waitError = (err as Error).message;
    }
  } else {
    stopWatch.abort(new Error('the create failed'));
  }
  // Whatever ended the launch, the hold's caller may go on; a pending delete has its say first.
  await held?.ended();

  const [result, events] = createError === undefined ? await Promise.all([readOutputs(kube, namespace, name, lastPod), podEvents(kube, namespace, name)]) : [undefined, []];
  marks.scheduledEvent = scheduledEventTime(events);
  if (result?.ok) marks.probeStarted = result.result.startedAtMs;

  const outcome = launchOutcome({
    pod: lastPod,
    podGone,
    result,
    events,
    expectedMode: args[0] ?? 'start',
    ...(createError !== undefined ? { createError } : {}),
    ...(timedOut || waitError ? { timedOut: { budgetMs: o.budget?.budgetMs ?? o.timeoutMs, load: o.budget?.load } } : {}),
    ...(waitError ? { waitError } : {}),
  });

  const { phases, watchDelayMs, notes: markNotes } = phasesFromMarks(marks);
  const notes = [...markNotes, ...holdNotes];
  if (o.deleteAfter !== false && createError === undefined) {
    try {
      await kube.core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 });
      await waitForPodDeleted(kube, namespace, name, apiCallMs);
    } catch (err) {
      if ((err as { code?: number }).code !== 404) notes.push(`deleting the pod: ${describeKubeError(err)}`);
    }
  }
  return {
    name,
    namespace,
    runtime,
    node: lastPod?.spec?.nodeName,
    ...(lastPod?.metadata?.uid !== undefined && { uid: lastPod.metadata.uid }),
    ...outcome,
    marks,
    phases,
    ...(watchDelayMs !== undefined ? { watchDelayMs } : {}),
    notes,
  };
}
