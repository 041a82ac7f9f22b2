/**
 * Chaos Mesh custom resources, for clusters that run Chaos Mesh (its controller does the
 * injecting): PodChaos (kill the installer pod, fail a container), NetworkChaos (partition a
 * node's pods), StressChaos (memory/CPU pressure on probe pods) and AWSChaos (stop the EC2
 * instance behind a node: node loss on EKS). Builders are pure and return plain objects;
 * `toYaml` writes them with the `yaml` package. They are checked against the CRDs of the
 * Chaos Mesh version in fixtures/chaos-mesh/ (unit test) and by a server-side dry-run
 * against those CRDs on a real API server (suites/chaos/chaos-mesh-dry-run.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { ApiextensionsV1Api, type V1CustomResourceDefinition } from '@kubernetes/client-node';
// Not re-exported by the package root; turns raw YAML keys (enum, x-kubernetes-*) into the model's fields.
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import { BadInputError, InfrastructureError } from '../errors.js';
import { installerSelector, installerNamespace } from '../gvisor/node-status.js';
import { ignoreNotFound, isNotFound, type Kube } from '../kube/client.js';
import type { Labels } from '../kube/labels.js';
import { receiptTime } from '../kube/receipt-time.js';
import { repoRoot } from '../cluster/settings.js'; // the fixtures' location, not a local-cluster dependency
import { waitFor } from '../wait.js';
import { BaseInjector, type DeletedPod, type FaultKind, type InjectedFault } from './fault-injector.js';
import { existenceSource, pollSource } from './poll-source.js';

export const chaosMeshGroup = 'chaos-mesh.org';
export const chaosMeshVersion = 'v1alpha1';
export const chaosMeshApiVersion = `${chaosMeshGroup}/${chaosMeshVersion}`;
/** The Chaos Mesh Go module version the CRDs in fixtures/chaos-mesh/ come from. */
export const chaosMeshModuleVersion = 'v0.9.1-0.20260902003049-47411975a8cb';
export const chaosMeshCrdFile = join(repoRoot, 'fixtures', 'chaos-mesh', 'crds.yaml');

export type ChaosKind = 'PodChaos' | 'NetworkChaos' | 'StressChaos' | 'AWSChaos';
export const pluralOf: Record<ChaosKind, string> = {
  PodChaos: 'podchaos',
  NetworkChaos: 'networkchaos',
  StressChaos: 'stresschaos',
  AWSChaos: 'awschaos',
};

export type SelectorMode = 'one' | 'all' | 'fixed' | 'fixed-percent' | 'random-max-percent';

/** Chaos Mesh's PodSelectorSpec, the parts the harness uses. */
export interface ChaosSelector {
  namespaces?: string[];
  labelSelectors?: Record<string, string>;
  nodes?: string[];
  pods?: Record<string, string[]>;
}

export interface ChaosResource {
  apiVersion: string;
  kind: ChaosKind;
  metadata: { name: string; namespace: string; labels?: Labels };
  spec: Record<string, unknown>;
}

interface Common {
  name: string;
  namespace: string;
  labels?: Labels;
}

const resource = (kind: ChaosKind, c: Common, spec: Record<string, unknown>): ChaosResource => ({
  apiVersion: chaosMeshApiVersion,
  kind,
  metadata: { name: c.name, namespace: c.namespace, ...(c.labels ? { labels: c.labels } : {}) },
  spec,
});

/** Go duration syntax, as Chaos Mesh parses it. */
const duration = (ms: number): string => {
  if (!(ms > 0) || !Number.isFinite(ms)) throw new BadInputError(`chaos duration must be positive, got ${ms} ms`);
  return `${Math.ceil(ms / 1000)}s`;
};

/** PodChaos: kill pods (pod-kill), make them fail for a while (pod-failure), or kill containers. */
export function podChaos(
  c: Common & { action: 'pod-kill' | 'pod-failure' | 'container-kill'; selector: ChaosSelector; mode?: SelectorMode; durationMs?: number; containerNames?: string[]; gracePeriod?: number },
): ChaosResource {
  if (c.action === 'container-kill' && !c.containerNames?.length) throw new BadInputError('PodChaos container-kill needs containerNames');
  return resource('PodChaos', c, {
    action: c.action,
    mode: c.mode ?? 'all',
    selector: c.selector,
    ...(c.durationMs !== undefined ? { duration: duration(c.durationMs) } : {}),
    ...(c.containerNames ? { containerNames: c.containerNames } : {}),
    ...(c.gracePeriod !== undefined ? { gracePeriod: c.gracePeriod } : {}),
  });
}

/** The installer pod on one node, as a PodChaos pod-kill (the seeds' DaemonSet pod deletion). */
export const installerPodKill = (c: Common & { node: string }): ChaosResource =>
  podChaos({
    ...c,
    action: 'pod-kill',
    mode: 'all',
    selector: { namespaces: [installerNamespace], labelSelectors: labelMap(installerSelector), nodes: [c.node] },
  });

/** NetworkChaos partition: pods of `selector` cut off from `target` (or from everything external) for a while. */
export function networkPartition(c: Common & { selector: ChaosSelector; target?: ChaosSelector; direction?: 'to' | 'from' | 'both'; durationMs: number }): ChaosResource {
  return resource('NetworkChaos', c, {
    action: 'partition',
    mode: 'all',
    selector: c.selector,
    direction: c.direction ?? 'both',
    ...(c.target ? { target: { mode: 'all', selector: c.target } } : {}),
    duration: duration(c.durationMs),
  });
}

/** StressChaos: memory and/or CPU pressure inside the selected pods. */
export function stressChaos(c: Common & { selector: ChaosSelector; memory?: { workers: number; size: string }; cpu?: { workers: number; load: number }; durationMs: number }): ChaosResource {
  if (!c.memory && !c.cpu) throw new BadInputError('StressChaos needs a memory or a cpu stressor');
  if (c.cpu && !(c.cpu.load >= 0 && c.cpu.load <= 100)) throw new BadInputError(`StressChaos cpu load is a percentage, got ${c.cpu.load}`);
  return resource('StressChaos', c, {
    mode: 'all',
    selector: c.selector,
    stressors: { ...(c.memory ? { memory: c.memory } : {}), ...(c.cpu ? { cpu: c.cpu } : {}) },
    duration: duration(c.durationMs),
  });
}

/** AWSChaos ec2-stop: node loss on EKS; Chaos Mesh starts the instance again after the duration. */
export function awsNodeStop(c: Common & { region: string; instanceId: string; secretName?: string; durationMs: number }): ChaosResource {
  return resource('AWSChaos', c, {
    action: 'ec2-stop',
    awsRegion: c.region,
    ec2Instance: c.instanceId,
    ...(c.secretName ? { secretName: c.secretName } : {}),
    duration: duration(c.durationMs),
  });
}

/** Region and instance of an EKS node from its providerID `aws:///us-east-1a/i-0abc...`. */
export function awsInstanceOf(providerId: string | undefined): { region: string; instanceId: string } {
  const m = /^aws:\/\/\/([a-z]{2}-[a-z]+-\d)[a-z]?\/(i-[0-9a-f]+)$/.exec(providerId ?? '');
  if (!m?.[1] || !m[2]) throw new BadInputError(`not an AWS providerID: "${providerId ?? ''}"`, 'AWSChaos needs EC2 nodes (spec.providerID aws:///<zone>/<instance>)');
  return { region: m[1], instanceId: m[2] };
}

function labelMap(selector: string): Record<string, string> {
  return Object.fromEntries(selector.split(',').map((kv) => kv.split('=') as [string, string]));
}

export const toYaml = (resources: readonly ChaosResource[]): string => resources.map((r) => stringify(r)).join('---\n');

// ---- the CRDs and a structural check against their schemas ----

/** A CRD as its YAML reads (raw keys: `enum`, `x-kubernetes-*`), not client-node's model. */
export interface RawCrd {
  kind: string;
  metadata?: { name?: string; labels?: Labels };
  spec: { group: string; names: { kind: string }; versions: { name: string; served: boolean; schema?: { openAPIV3Schema?: unknown } }[] };
}

export function loadChaosMeshCrds(file: string = chaosMeshCrdFile): RawCrd[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as RawCrd)
    .filter((d) => d?.kind === 'CustomResourceDefinition');
}

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
}

/**
 * Problems of `value` against an OpenAPI v3 structural schema: unknown fields, missing
 * required ones, wrong types, values outside an enum. The subset of validation the API
 * server does that a builder can get wrong; the dry-run test covers the rest.
 */
export function schemaProblems(value: unknown, schema: Schema, path = ''): string[] {
  const at = path || '(root)';
  if (schema['x-kubernetes-preserve-unknown-fields'] && !schema.properties) return [];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`];
  if (schema['x-kubernetes-int-or-string']) return typeof value === 'string' || Number.isInteger(value) ? [] : [`${at}: expected int or string`];
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' ? [] : [`${at}: expected string, got ${typeof value}`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: expected integer`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: expected number`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: expected boolean`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: expected array`];
      return schema.items ? value.flatMap((v, i) => schemaProblems(v, schema.items as Schema, `${path}[${i}]`)) : [];
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: expected object`];
      const obj = value as Record<string, unknown>;
      const problems = (schema.required ?? []).filter((k) => !(k in obj)).map((k) => `${at}: missing required field ${k}`);
      for (const [k, v] of Object.entries(obj)) {
        const sub = schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
        if (sub) problems.push(...schemaProblems(v, sub, path ? `${path}.${k}` : k));
        else if (schema.additionalProperties !== true && !schema['x-kubernetes-preserve-unknown-fields']) problems.push(`${at}: unknown field ${k}`);
      }
      return problems;
    }
    default:
      return [];
  }
}

/** Problems of a resource against the CRD of its kind (the served version's schema). */
export function validateAgainstCrds(r: ChaosResource, crds: readonly RawCrd[]): string[] {
  const crd = crds.find((c) => c.spec.group === chaosMeshGroup && c.spec.names.kind === r.kind);
  if (!crd) return [`no CRD for ${r.kind} in the fixture`];
  const version = crd.spec.versions.find((v) => v.name === chaosMeshVersion && v.served);
  if (!version?.schema?.openAPIV3Schema) return [`CRD ${crd.metadata?.name ?? r.kind} serves no ${chaosMeshVersion} schema`];
  const root = version.schema.openAPIV3Schema as Schema;
  // metadata is validated by the API server's ObjectMeta rules, not the CRD schema.
  return schemaProblems({ ...r, metadata: undefined }, { ...root, properties: { ...root.properties, metadata: {} } }).filter((p) => !p.includes('metadata'));
}

// ---- the injector ----

/** Creates a chaos resource (or only dry-runs it) through the API. */
export async function applyChaos(kube: Kube, r: ChaosResource, options: { dryRun?: boolean } = {}): Promise<void> {
  await kube.custom.createNamespacedCustomObject({
    group: chaosMeshGroup,
    version: chaosMeshVersion,
    namespace: r.metadata.namespace,
    plural: pluralOf[r.kind],
    body: r,
    ...(options.dryRun ? { dryRun: 'All' } : {}),
  });
}

export async function deleteChaos(kube: Kube, r: ChaosResource): Promise<void> {
  await ignoreNotFound(
    kube.custom.deleteNamespacedCustomObject({ group: chaosMeshGroup, version: chaosMeshVersion, namespace: r.metadata.namespace, plural: pluralOf[r.kind], name: r.metadata.name }),
  );
}

/**
 * Faults through Chaos Mesh, used when the cluster runs it: installer-pod deletion
 * (PodChaos) and node loss on EKS (AWSChaos; the controller starts the instance again
 * after `nodeLossMs`, so startNode only removes the resource). Created resources are
 * deleted by close().
 */
export class ChaosMeshInjector extends BaseInjector {
  readonly name = 'chaos-mesh';
  protected readonly kinds: readonly FaultKind[];
  private readonly created: ChaosResource[] = [];

  constructor(
    private readonly kube: Kube,
    private readonly namespace: string,
    private readonly options: { labels?: Labels; nodeLossMs?: number; awsSecretName?: string } = {},
  ) {
    super();
    this.kinds = options.nodeLossMs ? ['delete-installer-pod', 'stop-node', 'start-node'] : ['delete-installer-pod'];
  }

  private async create(r: ChaosResource): Promise<number> {
    const at = receiptTime();
    await applyChaos(this.kube, r);
    this.created.push(r);
    return at;
  }

  private resourceName(prefix: string, node: string): string {
    return `${prefix}-${node}-${Date.now().toString(36)}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63).replace(/-+$/, '');
  }

  override async deleteInstallerPod(node: string): Promise<DeletedPod> {
    const r = installerPodKill({ name: this.resourceName('installer-kill', node), namespace: this.namespace, node, ...(this.options.labels ? { labels: this.options.labels } : {}) });
    return this.fault('delete-installer-pod', node, await this.create(r), `PodChaos ${r.metadata.name}`);
  }

  override async stopNode(node: string): Promise<InjectedFault> {
    if (!this.options.nodeLossMs) return super.stopNode(node);
    const n = await this.kube.core.readNode({ name: node });
    const { region, instanceId } = awsInstanceOf(n.spec?.providerID);
    const r = awsNodeStop({
      name: this.resourceName('node-loss', node),
      namespace: this.namespace,
      region,
      instanceId,
      durationMs: this.options.nodeLossMs,
      ...(this.options.awsSecretName ? { secretName: this.options.awsSecretName } : {}),
      ...(this.options.labels ? { labels: this.options.labels } : {}),
    });
    return this.fault('stop-node', node, await this.create(r), `AWSChaos ${r.metadata.name} (ec2-stop ${instanceId} for ${this.options.nodeLossMs} ms)`);
  }

  /** Ends the AWSChaos early; Chaos Mesh's recover step starts the instance. */
  override async startNode(node: string): Promise<InjectedFault> {
    const r = this.created.find((c) => c.kind === 'AWSChaos' && c.metadata.name.startsWith(`node-loss-${node}`));
    if (!r) throw new InfrastructureError(`no AWSChaos of this run stopped ${node}`);
    const at = receiptTime();
    await deleteChaos(this.kube, r);
    return this.fault('start-node', node, at, `deleted AWSChaos ${r.metadata.name}`);
  }

  override async close(): Promise<void> {
    for (const r of this.created.splice(0)) await deleteChaos(this.kube, r);
  }
}

// ---- temporary CRDs, for the server-side dry-run on a cluster without Chaos Mesh ----

const crdApi = (kube: Kube): ApiextensionsV1Api => kube.config.makeApiClient(ApiextensionsV1Api);

/** Names of the fixture's CRDs that the cluster already has (then they belong to a real Chaos Mesh: leave them). */
export async function presentCrds(kube: Kube, crds: readonly RawCrd[]): Promise<string[]> {
  const present: string[] = [];
  for (const c of crds) {
    const name = c.metadata?.name ?? '';
    try {
      await crdApi(kube).readCustomResourceDefinition({ name });
      present.push(name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return present;
}

/** Creates the CRDs (labelled as ours) and waits until the API serves each. */
export async function installCrds(kube: Kube, crds: readonly RawCrd[], labels: Labels, timeoutMs: number): Promise<void> {
  for (const c of crds) {
    // Through the model: a raw object handed to the typed client loses every key the model
    // spells differently (enum, x-kubernetes-*), and the CRD would validate nothing.
    const body = ObjectSerializer.deserialize({ ...c, metadata: { ...c.metadata, labels: { ...c.metadata?.labels, ...labels } } }, 'V1CustomResourceDefinition', '') as V1CustomResourceDefinition;
    await crdApi(kube).createCustomResourceDefinition({ body });
  }
  for (const c of crds) {
    const name = c.metadata?.name ?? '';
    await waitFor<V1CustomResourceDefinition, true>({
      what: `CRD ${name} Established`,
      source: pollSource(() => crdApi(kube).readCustomResourceDefinition({ name })),
      until: (crd) =>
        crd?.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True')
          ? { done: true, value: true }
          : { done: false, state: crd?.status?.conditions?.map((x) => `${x.type}=${x.status}`).join(',') || 'no conditions' },
      timeoutMs,
    });
  }
}

/** Deletes the CRDs and waits until they are gone. */
export async function removeCrds(kube: Kube, names: readonly string[], timeoutMs: number): Promise<void> {
  for (const name of names) await ignoreNotFound(crdApi(kube).deleteCustomResourceDefinition({ name }));
  for (const name of names) {
    await waitFor<boolean, true>({
      what: `CRD ${name} deleted`,
      source: existenceSource(() => crdApi(kube).readCustomResourceDefinition({ name })),
      until: (exists) => (exists === false ? { done: true, value: true } : { done: false, state: 'still present' }),
      timeoutMs,
    });
  }
}

/** How many chaos resources of a kind exist in the namespace (a dry-run must leave none). */
export async function countChaos(kube: Kube, namespace: string, kind: ChaosKind): Promise<number> {
  const list = (await kube.custom.listNamespacedCustomObject({ group: chaosMeshGroup, version: chaosMeshVersion, namespace, plural: pluralOf[kind] })) as { items?: unknown[] };
  return list.items?.length ?? 0;
}
