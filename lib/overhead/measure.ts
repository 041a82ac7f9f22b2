/**
 * The overhead measurement the workloads suite and scripts/bench-overhead.ts share: N idle pods
 * per runtime started one after another (each pod's start alone on the node's CPU; runtimes'
 * order alternating, nodes in turn), each one's host processes read as soon as it runs (CPU to
 * start), then all read at the start and the end of an idle interval (CPU per idle minute,
 * memory at the end). A pod whose processes cannot be found is an error line, never a zero.
 *
 * The pod: the workloads image's coreutils `sleep infinity` under the restricted security
 * context, the run's probe resources. One nanosleep and nothing else, so under runsc what the
 * Sentry does meanwhile is its own cost, not the application's syscalls.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { describeCallError, withDeadline } from '../kube/call.js';
import type { CleanupStack } from '../kube/cleanup.js';
import type { Kube } from '../kube/client.js';
import type { NodeShell } from '../node-access/node-shell.js';
import { roundOrder } from '../perf/start-batch.js';
import { hardenedSecurityContext, probePod } from '../probe/pod-spec.js';
import type { OverheadPod, PodFixed, SandboxOverhead } from '../report/gate-schema.js';
import { runtimeClassFor, runtimes, type Runtime } from '../runtimes.js';
import { apiCallMs, envScaled, podStartMs } from '../timeouts.js';
import { waitForPod } from '../wait.js';
import { podFigures, runtimeSummary } from './figures.js';
import { containerIdsOf, readPodProcesses, type PodProcessReading, type PodRef } from './pod-processes.js';
import { recommendOverhead, type RecommendationRule } from './recommend.js';

export interface OverheadOptions {
  kube: Kube;
  namespace: string;
  cleanup: CleanupStack;
  shell: NodeShell;
  labels: Record<string, string>;
  /** gVisor nodes, in turn. */
  nodes: readonly string[];
  podsPerRuntime: number;
  idleMs: number;
  image: string;
  rule: RecommendationRule;
  log?: (line: string) => void;
  /** Test hook of the failure path: rewrite a pod's reference before it is read (a wrong id). */
  tamper?: (ref: PodRef) => PodRef;
}

/** The idle pod. */
export function idlePod(name: string, runtime: Runtime, node: string, image: string, labels: Record<string, string>): V1Pod {
  return probePod({ name, runtime, node, args: [], image, labels, securityContext: hardenedSecurityContext, container: { name: 'idle', command: ['sleep', 'infinity'] } });
}

export interface RuntimeClassFacts {
  handler?: string;
  existing?: PodFixed;
  nodeSelector?: Record<string, string>;
}

/** The gVisor RuntimeClass's handler, overhead.podFixed and node selector as the cluster has them. */
export async function readRuntimeClassFacts(kube: Kube, name: string): Promise<RuntimeClassFacts> {
  const rc = await withDeadline(kube.node.readRuntimeClass({ name }), envScaled(apiCallMs), `GET RuntimeClass ${name}`);
  const fixed = rc.overhead?.podFixed;
  const cpu = fixed?.cpu;
  const memory = fixed?.memory;
  const existing: PodFixed | undefined = cpu !== undefined || memory !== undefined ? { ...(cpu !== undefined && { cpu }), ...(memory !== undefined && { memory }) } : undefined;
  return { handler: rc.handler, ...(existing && { existing }), ...(rc.scheduling?.nodeSelector && { nodeSelector: rc.scheduling.nodeSelector }) };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Started {
  ref: PodRef;
  started: PodProcessReading;
}

export async function measureOverhead(o: OverheadOptions): Promise<SandboxOverhead> {
  const log = o.log ?? (() => undefined);
  const runtimeClass = runtimeClassFor.runsc ?? 'gvisor';
  const errors: string[] = [];
  const facts: RuntimeClassFacts = await readRuntimeClassFacts(o.kube, runtimeClass).catch((e: unknown): RuntimeClassFacts => {
    errors.push(`RuntimeClass ${runtimeClass}: ${describeCallError(e)}`);
    return {};
  });
  const read = (ref: PodRef): Promise<PodProcessReading> => readPodProcesses(o.shell, o.tamper ? o.tamper(ref) : ref);
  const started: Started[] = [];
  for (let i = 0; i < o.podsPerRuntime; i++) {
    const node = o.nodes[i % o.nodes.length] as string;
    for (const runtime of roundOrder(i)) {
      const name = `oh-${runtime}-${i}`;
      await o.kube.core.createNamespacedPod({ namespace: o.namespace, body: idlePod(name, runtime, node, o.image, o.labels) });
      o.cleanup.register(`delete pod ${o.namespace}/${name}`, () => o.kube.core.deleteNamespacedPod({ namespace: o.namespace, name, gracePeriodSeconds: 0 }));
      const pod = (await waitForPod(o.kube, o.namespace, name, 'Running', envScaled(podStartMs))).value;
      const ref: PodRef = { namespace: o.namespace, name, uid: pod.metadata?.uid ?? '', runtime, node: pod.spec?.nodeName ?? node, containerIds: containerIdsOf(pod.status?.containerStatuses) };
      try {
        started.push({ ref, started: await read(ref) });
        log(`overhead: ${name} running on ${ref.node}`);
      } catch (e) {
        errors.push(e instanceof Error ? e.message : String(e));
      }
    }
  }
  // Each pod's interval runs from its own first idle reading to its own second one.
  const readAll = async (): Promise<Map<string, { reading: PodProcessReading; atMs: number }>> => {
    const got = new Map<string, { reading: PodProcessReading; atMs: number }>();
    for (const s of started) {
      try {
        got.set(s.ref.name, { reading: await read(s.ref), atMs: Date.now() });
      } catch (e) {
        errors.push(e instanceof Error ? e.message : String(e));
      }
    }
    return got;
  };
  const from = await readAll();
  log(`overhead: ${started.length} pods idle for ${Math.round(o.idleMs / 1000)} s`);
  await sleep(o.idleMs);
  const to = await readAll();
  const pods: OverheadPod[] = started.flatMap((s) => {
    const a = from.get(s.ref.name);
    const b = to.get(s.ref.name);
    return a && b ? [podFigures({ runtime: s.ref.runtime, pod: s.ref.name, node: s.ref.node, started: s.started, idleFrom: a.reading, idleTo: b.reading, idleMs: b.atMs - a.atMs })] : [];
  });
  const summary: SandboxOverhead['summary'] = {};
  for (const rt of runtimes) {
    const s = runtimeSummary(pods.filter((p) => p.runtime === rt));
    if (s) summary[rt] = s;
  }
  const recommendation = summary.runc && summary.runsc ? recommendOverhead(summary.runc, summary.runsc, o.rule) : undefined;
  return {
    runtimeClass,
    ...(facts.handler !== undefined && { handler: facts.handler }),
    ...(facts.nodeSelector && { nodeSelector: facts.nodeSelector }),
    podsPerRuntime: o.podsPerRuntime,
    idleSeconds: o.idleMs / 1000,
    image: o.image,
    pods,
    summary,
    ...(recommendation && { recommendation }),
    ...(facts.existing && { existing: facts.existing }),
    errors,
  };
}
