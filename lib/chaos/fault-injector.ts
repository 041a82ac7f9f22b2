/**
 * One interface for every way the harness disturbs a cluster. Suites ask for a fault by
 * kind ("restart containerd on node X"); which mechanism delivers it (a node agent pod,
 * the local cluster's node containers, Chaos Mesh, a cloud CLI command) is chosen when the
 * injector is built. Injectors only inject and report when they did; they never assert.
 */
import { GauntletError } from '../errors.js';
import { receiptTime } from '../kube/receipt-time.js';

export const faultKinds = [
  'restart-containerd',
  'stop-node',
  'start-node',
  'replace-node',
  'remove-node',
  'delete-installer-pod',
  'hide-runtime-shim',
] as const;
export type FaultKind = (typeof faultKinds)[number];

/** What was done, to what, by whom, and when (receiptTime clock, so it compares with watch receipt times). */
export interface InjectedFault {
  kind: FaultKind;
  target: string;
  injector: string;
  /** When the fault was issued. */
  at: number;
  /** Free text for notes, never parsed: what a fault acted on has a typed field of its own. */
  detail?: string;
}

/** A pod, by namespace and name. */
export interface PodRef {
  namespace: string;
  name: string;
}

export interface DeletedPod extends InjectedFault {
  /** The pod deleted, when the injector chose it (Chaos Mesh's PodChaos picks its own and names none). */
  victim?: PodRef;
}

export interface ReplacedNode extends InjectedFault {
  /** Name of the fresh node. */
  replacement: string;
}

export interface HiddenShim extends InjectedFault {
  /** Puts the shim back; safe to call twice. */
  restore(): Promise<void>;
}

/** The injector cannot deliver this kind of fault (e.g. node loss through a node agent). */
export class UnsupportedFaultError extends GauntletError {
  override readonly name = 'UnsupportedFaultError';
  constructor(injector: string, kind: FaultKind) {
    super(`fault injector "${injector}" cannot ${kind}`, 'combine it with another injector (composeInjectors) that supports this fault');
  }
}

export interface FaultInjector {
  readonly name: string;
  supports(kind: FaultKind): boolean;
  /** systemctl restart containerd on the node; resolves once containerd is active again. */
  restartContainerd(node: string): Promise<InjectedFault>;
  /** Node loss: the node stops without warning (power cut, instance stop). */
  stopNode(node: string): Promise<InjectedFault>;
  /** Brings a stopped node back with the same identity. */
  startNode(node: string): Promise<InjectedFault>;
  /** A fresh node joins the cluster (node replacement); resolves once it is registered. */
  replaceNode(): Promise<ReplacedNode>;
  /** Removes a node added by replaceNode: the machine and its Node object. */
  removeNode(node: string): Promise<InjectedFault>;
  /** Deletes the gVisor installer DaemonSet pod on the node; the DaemonSet recreates it. */
  deleteInstallerPod(node: string): Promise<DeletedPod>;
  /** Moves the runsc shim binary away on the node, so new runsc sandboxes cannot start there. */
  hideRuntimeShim(node: string): Promise<HiddenShim>;
  /** Releases what the injector holds (agent pods, ...). */
  close(): Promise<void>;
}

/** Base class: every fault unsupported until an implementation overrides it. */
export abstract class BaseInjector implements FaultInjector {
  abstract readonly name: string;
  protected abstract readonly kinds: readonly FaultKind[];

  supports(kind: FaultKind): boolean {
    return this.kinds.includes(kind);
  }

  protected fault(kind: FaultKind, target: string, at: number, detail?: string): InjectedFault {
    return { kind, target, injector: this.name, at, ...(detail !== undefined ? { detail } : {}) };
  }

  restartContainerd(_node: string): Promise<InjectedFault> {
    return Promise.reject(new UnsupportedFaultError(this.name, 'restart-containerd'));
  }
  stopNode(_node: string): Promise<InjectedFault> {
    return Promise.reject(new UnsupportedFaultError(this.name, 'stop-node'));
  }
  startNode(_node: string): Promise<InjectedFault> {
    return Promise.reject(new UnsupportedFaultError(this.name, 'start-node'));
  }
  replaceNode(): Promise<ReplacedNode> {
    return Promise.reject(new UnsupportedFaultError(this.name, 'replace-node'));
  }
  removeNode(_node: string): Promise<InjectedFault> {
    return Promise.reject(new UnsupportedFaultError(this.name, 'remove-node'));
  }
  deleteInstallerPod(_node: string): Promise<DeletedPod> {
    return Promise.reject(new UnsupportedFaultError(this.name, 'delete-installer-pod'));
  }
  hideRuntimeShim(_node: string): Promise<HiddenShim> {
    return Promise.reject(new UnsupportedFaultError(this.name, 'hide-runtime-shim'));
  }
  async close(): Promise<void> {}
}

/**
 * One injector from several: each fault goes to the first injector that supports it, so
 * "node agent for in-node faults, AWSChaos for node loss" is one object for the suites.
 */
export function composeInjectors(...injectors: FaultInjector[]): FaultInjector {
  const pick = (kind: FaultKind): FaultInjector => {
    const found = injectors.find((i) => i.supports(kind));
    if (!found) throw new UnsupportedFaultError(injectors.map((i) => i.name).join('+') || 'none', kind);
    return found;
  };
  return {
    name: injectors.map((i) => i.name).join('+'),
    supports: (kind) => injectors.some((i) => i.supports(kind)),
    restartContainerd: (node) => pick('restart-containerd').restartContainerd(node),
    stopNode: (node) => pick('stop-node').stopNode(node),
    startNode: (node) => pick('start-node').startNode(node),
    replaceNode: () => pick('replace-node').replaceNode(),
    removeNode: (node) => pick('remove-node').removeNode(node),
    deleteInstallerPod: (node) => pick('delete-installer-pod').deleteInstallerPod(node),
    hideRuntimeShim: (node) => pick('hide-runtime-shim').hideRuntimeShim(node),
    async close() {
      const errors: unknown[] = [];
      for (const i of injectors) await i.close().catch((e: unknown) => errors.push(e));
      if (errors.length > 0) throw new AggregateError(errors, `closing fault injectors: ${errors.length} failed`, { cause: errors[0] });
    },
  };
}

export const now = receiptTime;
