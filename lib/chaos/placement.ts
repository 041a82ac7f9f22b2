/**
 * Where pods were bound, judged by each node as it was at the moment of binding. A watch on
 * every node keeps the history of its labels; a watch on the test's namespace sees each pod's
 * binding (the first state with spec.nodeName). Both are ordered by resourceVersion, which on
 * one etcd is a single revision counter: the node state that applies to a binding is the
 * newest one written before it. Reading the node afterwards would miss a label that was set,
 * or removed, between the binding and the read.
 */
import type { KubernetesObject, V1Node, V1Pod } from '@kubernetes/client-node';
import { InfrastructureError } from '../errors.js';
import type { Kube } from '../kube/client.js';
import { watchSource, type WatchTarget } from '../kube/watch-source.js';
import { gvisorReadyLabel, gvisorReadyValue } from '../runtimes.js';

export interface NodeState {
  node: string;
  revision: number;
  labels: Record<string, string>;
}

export interface Binding {
  pod: string;
  node: string;
  revision: number;
  podLabels: Record<string, string>;
  receivedAt: number;
}

export interface JudgedBinding extends Binding {
  /** The node's labels when the pod was bound; undefined when no state of the node before the binding was seen. */
  nodeLabelsAtBinding: Record<string, string> | undefined;
}

const revisionOf = (o: KubernetesObject | undefined): number => Number(o?.metadata?.resourceVersion ?? Number.NaN);

/** Pure: each binding with the labels of its node as last written before it. */
export function judgeBindings(bindings: readonly Binding[], history: readonly NodeState[]): JudgedBinding[] {
  return bindings.map((b) => {
    let best: NodeState | undefined;
    for (const h of history) {
      if (h.node === b.node && h.revision < b.revision && (best === undefined || h.revision > best.revision)) best = h;
    }
    return { ...b, nodeLabelsAtBinding: best?.labels };
  });
}

/** Pure: the bindings of runsc pods to a node that was not gVisor-ready when they were bound. */
export function runscBoundOffGvisor(bindings: readonly JudgedBinding[]): string[] {
  return bindings
    .filter((b) => b.podLabels['sandbox-gauntlet.dev/runtime'] === 'runsc' && b.nodeLabelsAtBinding?.[gvisorReadyLabel] !== gvisorReadyValue)
    .map((b) => `${b.pod} → ${b.node} (${b.nodeLabelsAtBinding ? `${gvisorReadyLabel}=${b.nodeLabelsAtBinding[gvisorReadyLabel] ?? '(unset)'} when bound` : 'no state of the node seen before the binding'})`);
}

/** Records node label history and pod bindings in one namespace while a scenario runs. */
export class PlacementRecorder {
  readonly history: NodeState[] = [];
  readonly bindings: Binding[] = [];
  private readonly troubles: string[] = [];
  private stops: (() => void)[] = [];
  private failure: unknown;

  constructor(
    private readonly kube: Kube,
    private readonly namespace: string,
  ) {}

  /** Starts both watches and resolves once each has delivered its initial list. */
  async start(): Promise<this> {
    const nodes: WatchTarget<V1Node> = { kube: this.kube, path: '/api/v1/nodes', model: 'V1Node', selectors: {}, list: (s) => this.kube.core.listNode(s) };
    const pods: WatchTarget<V1Pod> = {
      kube: this.kube,
      path: `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/pods`,
      model: 'V1Pod',
      selectors: {},
      list: (s) => this.kube.core.listNamespacedPod({ namespace: this.namespace, ...s }),
    };
    const listed = [this.follow(nodes, (n) => this.onNode(n)), this.follow(pods, (p, at) => this.onPod(p, at))];
    await Promise.all(listed);
    return this;
  }

  private follow<T extends KubernetesObject>(target: WatchTarget<T>, on: (o: T, receivedAt: number) => void): Promise<void> {
    return new Promise<void>((resolve) => {
      const stop = watchSource(target).start({
        next: (obs) => {
          if (obs.object) on(obs.object, obs.receivedAt);
          // The first observation comes from the initial list (or says it is empty).
          resolve();
        },
        trouble: (err) => this.troubles.push((err as Error).message),
        fail: (err) => {
          this.failure = err;
          resolve();
        },
      });
      if (typeof stop === 'function') this.stops.push(stop);
      else void stop.then((s) => this.stops.push(s));
    });
  }

  private onNode(n: V1Node): void {
    const revision = revisionOf(n);
    if (!Number.isFinite(revision)) return;
    this.history.push({ node: n.metadata?.name ?? '', revision, labels: { ...n.metadata?.labels } });
  }

  private onPod(p: V1Pod, receivedAt: number): void {
    const name = p.metadata?.name ?? '';
    const node = p.spec?.nodeName;
    if (!node || this.bindings.some((b) => b.pod === name && b.node === node)) return;
    this.bindings.push({ pod: name, node, revision: revisionOf(p), podLabels: { ...p.metadata?.labels }, receivedAt });
  }

  /** Every binding so far, judged; throws when a watch failed outright (the record would have holes). */
  judged(): JudgedBinding[] {
    if (this.failure !== undefined) throw new InfrastructureError(`placement watch failed: ${(this.failure as Error).message}`, this.troubles.join('; ') || undefined, { cause: this.failure });
    return judgeBindings(this.bindings, this.history);
  }

  /** The judged binding of one pod, waiting up to `timeoutMs` for the recorder's watch to deliver it. */
  async bindingOf(pod: string, timeoutMs: number): Promise<JudgedBinding> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.judged().find((b) => b.pod === pod);
      if (found) return found;
      if (Date.now() >= deadline) {
        throw new InfrastructureError(`the placement watch saw no binding of pod ${pod} within ${timeoutMs} ms`, `bindings seen: ${this.bindings.map((b) => `${b.pod} → ${b.node}`).join(', ') || 'none'}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  stop(): void {
    for (const s of this.stops) s();
    this.stops = [];
  }
}
