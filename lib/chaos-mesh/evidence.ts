/**
 * Evidence that a Chaos Mesh fault happened, read by the harness itself, never taken from
 * the resource (issue 18 §2): from the API (the pod gone, a restart counted, an image
 * swapped), from inside the target pod (fixtures/chaos-mesh/evidence/evidence.py through the
 * exec API: connects, echoes, a CPU loop, the clock, file operations), or from the kubelet's
 * stats (the pod's memory). Each fault has a baseline read before and a reading during.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { repoRoot } from '../cluster/settings.js'; // the fixtures' location, not a local-cluster dependency
import { isNotFound, type Kube } from '../kube/client.js';
import { execInPod } from '../kube/pod-exec.js';
import { readSummary } from '../load/sampler.js';
import { pollSource } from '../chaos/poll-source.js';
import { WaitTimeoutError } from '../errors.js';
import { waitFor } from '../wait.js';
import {
  checkConnectBaseline,
  checkEchoBaseline,
  judgeClock,
  judgeCpuCores,
  judgeDelay,
  judgeFileOps,
  judgeLoss,
  judgeMemory,
  judgePartition,
  type ConnectReading,
  type EchoReading,
  type Judged,
} from './judge-evidence.js';
import type { FaultName } from './templates.js';

const script = readFileSync(join(repoRoot, 'fixtures', 'chaos-mesh', 'evidence', 'evidence.py'), 'utf8');

/** The peer's port: TCP accept-and-close and UDP echo. */
export const peerPort = 7000;
/** The name of the container every fault targets (the templates' containerNames). */
export const targetContainer = 'target';
/** `evidence.py serve` as a container command, for the peer pod. */
export const peerCommand = ['python3', '-c', script, 'serve', String(peerPort)];

export interface EvidenceTarget {
  kube: Kube;
  namespace: string;
  pod: string;
  /** The peer's pod IP, for the network faults. */
  peerIp?: string;
  /** Image PodChaos pod-failure swaps in (the install's POD_FAILURE_PAUSE_IMAGE), if known. */
  pauseImage?: string;
  /** Deadlines: one reading; an effect that shows through the API. */
  readingMs: number;
  effectMs: number;
}

async function inPod<T>(t: EvidenceTarget, args: string[]): Promise<T> {
  const r = await execInPod(t.kube, { namespace: t.namespace, pod: t.pod, container: targetContainer, describe: `chaos target ${t.namespace}/${t.pod}` }, ['python3', '-c', script, ...args], t.readingMs);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as T;
}

const peer = (t: EvidenceTarget): string => {
  if (!t.peerIp) throw new Error('a network fault needs the peer pod IP');
  return t.peerIp;
};
const connects = (t: EvidenceTarget, n: number): Promise<ConnectReading> => inPod(t, ['tcp-connect', peer(t), String(peerPort), String(n), '2']);
const echoes = (t: EvidenceTarget): Promise<EchoReading> => inPod(t, ['udp-echo', peer(t), String(peerPort), '40', '0.25']);
/**
 * The target's own clock minus the harness's, from the last line its `tick` process logged.
 * Not from a process exec'd for the reading: TimeChaos shifts the processes it traced at
 * injection (and their children), never a later one (seen: an exec'd reading under runc
 * showed no shift while Chaos Mesh said injected).
 */
const clockOffsetMs = async (t: EvidenceTarget): Promise<number> => {
  await new Promise((r) => setTimeout(r, tickSettleMs));
  const log = await t.kube.core.readNamespacedPodLog({ namespace: t.namespace, name: t.pod, container: targetContainer, tailLines: 1 });
  const { realtimeMs } = JSON.parse(String(log).trim()) as { realtimeMs: number };
  return realtimeMs - Date.now();
};

/** Long enough for the ticking target to log a line after the fault landed (it logs every second). */
const tickSettleMs = 2500;

/** The target's command: idle, or (TimeChaos) its clock once a second on stdout. */
export const targetCommand = (fault: FaultName): string[] => (fault === 'time-offset' ? ['python3', '-c', script, 'tick'] : ['sleep', 'infinity']);
const fileOpsMs = async (t: EvidenceTarget): Promise<number> => (await inPod<{ p50Ms: number }>(t, ['file-ops', '/scratch', '10'])).p50Ms;

interface PodStats {
  podRef?: { name?: string; namespace?: string };
  cpu?: { time?: string; usageCoreNanoSeconds?: number };
  memory?: { workingSetBytes?: number };
}

/** The pod's entry in its node's kubelet stats/summary (cgroup counters, pod level: under runsc the sandbox's too). */
async function podStats(t: EvidenceTarget): Promise<PodStats & { node: string }> {
  const pod = await t.kube.core.readNamespacedPod({ namespace: t.namespace, name: t.pod });
  const node = pod.spec?.nodeName ?? '';
  const summary = (await readSummary(t.kube, node)) as { pods?: PodStats[] };
  const mine = summary.pods?.find((p) => p.podRef?.name === t.pod && p.podRef.namespace === t.namespace);
  if (!mine) throw new Error(`the kubelet on ${node} reports no stats for pod ${t.namespace}/${t.pod}`);
  return { ...mine, node };
}

async function podMemoryBytes(t: EvidenceTarget): Promise<number> {
  const s = await podStats(t);
  if (s.memory?.workingSetBytes === undefined) throw new Error(`the kubelet on ${s.node} reports no memory for pod ${t.namespace}/${t.pod}`);
  return s.memory.workingSetBytes;
}

/** How long the CPU counter is read over: the kubelet refreshes it every 10 to 15 s. */
export const cpuWindowMs = 12_000;

/** The pod's average cores over at least `cpuWindowMs`, from two readings of its cumulative CPU counter. */
async function podCores(t: EvidenceTarget): Promise<number> {
  const read = async (): Promise<{ ns: number; at: number }> => {
    const s = await podStats(t);
    if (s.cpu?.usageCoreNanoSeconds === undefined || !s.cpu.time) throw new Error(`the kubelet on ${s.node} reports no CPU for pod ${t.namespace}/${t.pod}`);
    return { ns: s.cpu.usageCoreNanoSeconds, at: Date.parse(s.cpu.time) };
  };
  const first = await read();
  const deadline = Date.now() + t.effectMs;
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    const now = await read();
    if (now.at - first.at >= cpuWindowMs) return (now.ns - first.ns) / 1e6 / (now.at - first.at);
    if (Date.now() > deadline) throw new Error(`the kubelet's CPU counter for ${t.namespace}/${t.pod} did not advance ${cpuWindowMs} ms within ${t.effectMs} ms`);
  }
}

/** Polls the pod until `seen` says the effect showed, or the deadline: then no effect, with the last state. */
async function watchPod(t: EvidenceTarget, what: string, seen: (pod: V1Pod | undefined) => string | undefined): Promise<Judged> {
  try {
    const r = await waitFor<V1Pod | undefined, string>({
      what,
      source: pollSource(async () => {
        try {
          return await t.kube.core.readNamespacedPod({ namespace: t.namespace, name: t.pod });
        } catch (err) {
          if (isNotFound(err)) return undefined;
          throw err;
        }
      }),
      until: (pod) => {
        const s = seen(pod);
        return s ? { done: true, value: s } : { done: false, state: pod ? `uid ${pod.metadata?.uid}, restarts ${restarts(pod)}, image ${imageOf(pod)}` : 'gone' };
      },
      timeoutMs: t.effectMs,
    });
    return { effect: true, detail: r.value };
  } catch (err) {
    if (err instanceof WaitTimeoutError) return { effect: false, detail: err.message };
    throw err;
  }
}

const restarts = (pod: V1Pod): number => pod.status?.containerStatuses?.find((c) => c.name === targetContainer)?.restartCount ?? 0;
const imageOf = (pod: V1Pod): string => pod.spec?.containers.find((c) => c.name === targetContainer)?.image ?? '';

/** What each fault's evidence is: a baseline, and a judge of the reading during the fault. */
export interface FaultEvidence {
  baseline(t: EvidenceTarget): Promise<unknown>;
  during(t: EvidenceTarget, baseline: unknown): Promise<Judged>;
}

const evidence: Record<FaultName, FaultEvidence> = {
  'pod-kill': {
    baseline: async (t) => (await t.kube.core.readNamespacedPod({ namespace: t.namespace, name: t.pod })).metadata?.uid,
    during: (t, uid) => watchPod(t, `pod ${t.namespace}/${t.pod} deleted or replaced`, (pod) => (!pod ? 'the pod was deleted' : pod.metadata?.uid !== uid ? `the pod was replaced (uid ${String(uid)} -> ${pod.metadata?.uid})` : pod.metadata?.deletionTimestamp ? 'the pod is being deleted' : undefined)),
  },
  'container-kill': {
    baseline: async (t) => restarts(await t.kube.core.readNamespacedPod({ namespace: t.namespace, name: t.pod })),
    during: (t, before) =>
      watchPod(t, `container ${targetContainer} of ${t.namespace}/${t.pod} restarted`, (pod) => {
        if (!pod || restarts(pod) <= Number(before)) return undefined;
        const last = pod.status?.containerStatuses?.find((c) => c.name === targetContainer)?.lastState?.terminated;
        return `restartCount ${String(before)} -> ${restarts(pod)}, last exit ${last?.exitCode ?? '?'} (${last?.reason ?? '?'})`;
      }),
  },
  'pod-failure': {
    baseline: async (t) => imageOf(await t.kube.core.readNamespacedPod({ namespace: t.namespace, name: t.pod })),
    during: (t, image) =>
      watchPod(t, `container ${targetContainer} of ${t.namespace}/${t.pod} swapped to the pause image and restarted`, (pod) => {
        if (!pod) return undefined;
        const now = imageOf(pod);
        const swapped = now !== image && (t.pauseImage === undefined || now === t.pauseImage);
        const running = pod.status?.containerStatuses?.find((c) => c.name === targetContainer);
        return swapped && running?.image !== undefined && running.restartCount > 0 ? `image ${String(image)} -> ${now}, restartCount ${running.restartCount}` : undefined;
      }),
  },
  'network-delay': {
    baseline: async (t) => {
      const b = await connects(t, 10);
      checkConnectBaseline(b);
      return b;
    },
    during: async (t, b) => judgeDelay(b as ConnectReading, await connects(t, 10)),
  },
  'network-loss': {
    baseline: async (t) => {
      const b = await echoes(t);
      checkEchoBaseline(b);
      return b;
    },
    during: async (t) => judgeLoss(await echoes(t)),
  },
  'network-partition': {
    baseline: async (t) => {
      const b = await connects(t, 3);
      checkConnectBaseline(b);
      return b;
    },
    during: async (t) => judgePartition(await connects(t, 3)),
  },
  'stress-cpu': {
    baseline: (t) => podCores(t),
    during: async (t, b) => judgeCpuCores(Number(b), await podCores(t)),
  },
  'stress-memory': {
    baseline: (t) => podMemoryBytes(t),
    during: async (t, b) => {
      // The kubelet's stats lag by its housekeeping interval (10 to 15 s): read until it shows, or the deadline.
      const deadline = Date.now() + t.effectMs;
      let last = judgeMemory(Number(b), await podMemoryBytes(t), 64 * 2 ** 20);
      while (!last.effect && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 3000));
        last = judgeMemory(Number(b), await podMemoryBytes(t), 64 * 2 ** 20);
      }
      return last;
    },
  },
  'io-latency': {
    baseline: (t) => fileOpsMs(t),
    during: async (t, b) => judgeFileOps(Number(b), await fileOpsMs(t)),
  },
  'time-offset': {
    baseline: (t) => clockOffsetMs(t),
    during: async (t, b) => judgeClock(Number(b), await clockOffsetMs(t)),
  },
};

export const evidenceOf = (fault: FaultName): FaultEvidence => evidence[fault];
