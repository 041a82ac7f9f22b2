/**
 * Runs the escape catalog on a cluster: every attempt under {runc, runsc} × {control, hardened}.
 * The steps, each in a module of its own:
 *
 * 1. the node (the first Ready gVisor worker) and how to reach it (lib/node-access)
 * 2. targets: node canary and facts, outside and cluster canaries (matrix-targets.ts)
 * 3. control phase: `main`, `neighbour` and `tenant` pods of both runtimes together, while the
 *    control's permits are open (the internet canary's egress permit, the anonymous Secret read);
 *    tenant pods run the control-plane attempts in two tenant namespaces (tenant-targets.ts)
 * 4. the hardened namespace's egress policy applied and proven in effect (hardened-policy.ts)
 * 5. hardened phase: the same pods in the hardened namespace, permits closed
 * 6. writer cells: the node-change attempts, one pod at a time between two node readings
 *    (writer-cells.ts)
 * 7. pods whose identity contradicts their runtime dropped (identity-filter.ts), verdicts
 *    decided (outcomes.ts, verdict.ts)
 */
import { allowAnonymousCanaryRead } from '../canary/cluster-canaries.js';
import { nodeCanaryDir } from '../canary/node-canary.js';
import { newCanaryToken } from '../canary/token.js';
import { probeImage } from '../images.js';
import type { GauntletConfig } from '../config/schema.js';
import { InfrastructureError } from '../errors.js';
import type { CleanupStack } from '../kube/cleanup.js';
import { describeKubeError, type Kube } from '../kube/client.js';
import { gauntletLabels } from '../kube/labels.js';
import { createNamespace } from '../kube/namespace.js';
import { nodeAccess, type NodeAccess } from '../node-access/target.js';
import { privilegedNamespaceLabels } from '../node-access/node-shell.js';
import { nodeAgentStartMs } from '../chaos/timeouts.js';
import { networkPolicyEnforceMs, podStartMs, probeFinishMs } from '../timeouts.js';
import { gvisorReadyLabel, gvisorReadyValue, runtimeClassFor, runtimes, type Runtime } from '../runtimes.js';
import type { EscapeAttempt, ProbePodRole } from './catalog.js';
import { runGroupPods, type GroupPod, type GroupRun } from './group-pods.js';
import { applyAndProveHardenedPolicy, type HardenedPolicyProof } from './hardened-policy.js';
import { dropContradictedPods } from './identity-filter.js';
import { prepareTargets, type MatrixNode, type MatrixTargets } from './matrix-targets.js';
import { attemptOutcomes, type AttemptOutcome } from './outcomes.js';
import { groupPod, groupPodName, probeArgs, type AttemptInputs } from './profiles.js';
import { cellKey, type Profile } from './verdict.js';
import { prepareControlPlane } from './tenant-targets.js';
import { runWriterCells } from './writer-cells.js';

export type { AttemptOutcome } from './outcomes.js';
export type { GroupRun } from './group-pods.js';

/** Per-attempt timeout inside the probe: a dropped connection is given this long. */
export const attemptTimeout = '3s';

/**
 * The matrix's whole budget, unscaled: a node agent (real clusters), the canary pods and the
 * handle pod, two phases of pods run together, the policy proof (its watcher's start, its
 * control, the enforcement budget) and four writer pods one after another.
 */
export const matrixBudgetMs = nodeAgentStartMs + 3 * podStartMs + 2 * (podStartMs + probeFinishMs) + (2 * podStartMs + networkPolicyEnforceMs) + 4 * (podStartMs + probeFinishMs);

export interface MatrixRun {
  node: string;
  hostKernel: string | undefined;
  groups: GroupRun[];
  attempts: AttemptOutcome[];
  /** From the two-sided proof before the hardened phase; undefined when the proof's control failed. */
  networkPolicyEnforced: boolean | undefined;
  networkPolicyEvidence: string;
  /** The two-sided proof itself: a NetworkPolicy trial for the gate. */
  hardenedPolicy: HardenedPolicyProof;
  /** Identity contradictions per group pod (a pod that asked for gVisor but is not in it). */
  identityProblems: string[];
  /** How the harness reached the node (docker exec or a node agent) and whether the target is the embedded cluster. */
  nodeAccess: NodeAccess['shell']['kind'];
  embedded: boolean;
  durationMs: number;
}

export interface MatrixOptions {
  kube: Kube;
  runId: string;
  suite: string;
  cleanup: CleanupStack;
  catalog: readonly EscapeAttempt[];
  /** Outside targets of a real cluster (lib/config/schema.ts `addresses`); unused on the local cluster. */
  addresses?: GauntletConfig['addresses'];
  /** Environment for GAUNTLET_NODE_ACCESS (default process.env). */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/** The first Ready worker the gVisor installer marked ready. */
async function pickNode(kube: Kube): Promise<MatrixNode & { uid: string }> {
  const nodes = (await kube.core.listNode({ labelSelector: `${gvisorReadyLabel}=${gvisorReadyValue}` })).items
    .filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  const node = nodes[0];
  const ip = node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  if (!node?.metadata?.name || !ip) {
    throw new InfrastructureError(`no Ready node labelled ${gvisorReadyLabel}=${gvisorReadyValue}`, 'is gVisor installed? see docs/gvisor-installer.md');
  }
  return { name: node.metadata.name, ip, kernel: node.status?.nodeInfo?.kernelVersion, uid: node.metadata.uid ?? '' };
}

interface PodFactory {
  node: MatrixNode;
  labels: Record<string, string>;
  inputs: AttemptInputs;
  runnable: readonly EscapeAttempt[];
  namespaceOf: (profile: Profile, role: ProbePodRole) => string;
}

function podOf(f: PodFactory, runtime: Runtime, profile: Profile, role: ProbePodRole, extraArgs: string[] = []): GroupPod {
  const args = [...probeArgs(role, f.runnable, f.inputs), ...extraArgs];
  return { namespace: f.namespaceOf(profile, role), runtime, profile, role, body: groupPod({ runtime, profile, role, node: f.node.name, labels: f.labels, args, canaryDir: f.inputs.canaryDir, etcdClient: f.inputs.tenant?.etcdUrl !== undefined }) };
}

/** `main`, `neighbour` and `tenant` pods of both runtimes under one profile (tenant pods run in the tenant namespaces). */
const phasePods = (f: PodFactory, profile: Profile): GroupPod[] => runtimes.flatMap((runtime) => (['main', 'neighbour', 'tenant'] as const).map((role) => podOf(f, runtime, profile, role)));

/** Control pods with the permits open; the permits are closed again whatever happens. */
async function controlPhase(o: MatrixOptions, f: PodFactory, t: MatrixTargets, canaryNs: string): Promise<GroupRun[]> {
  await t.permit.open();
  const closeAnonymous = await allowAnonymousCanaryRead(o.kube, canaryNs, f.labels);
  try {
    return await runGroupPods(o.kube, phasePods(f, 'control'), o.cleanup, o.signal);
  } finally {
    await t.permit.close();
    await closeAnonymous().catch((err: unknown) => {
      throw new InfrastructureError(`could not remove the anonymous RoleBinding in ${canaryNs}: ${describeKubeError(err)}`, 'delete it by hand before trusting any hardened result');
    });
  }
}

/** Runs every catalog attempt in all four cells and decides the verdicts. */
export async function runEscapeMatrix(o: MatrixOptions): Promise<MatrixRun> {
  const started = performance.now();
  const { kube, cleanup, runId, suite } = o;
  const log = o.log ?? (() => undefined);
  const labels = gauntletLabels(runId, suite);
  const node = await pickNode(kube);
  const access = await nodeAccess({ kube, cleanup, runId, suite, ...(o.signal ? { signal: o.signal } : {}) }, o.env);
  log(`escape matrix on node ${node.name} (${node.ip}); node access: ${access.shell.kind}; target: ${access.embedded ? 'embedded local cluster' : 'real cluster'}`);

  // Controls and the canaries run privileged / on the host network; hardened pods must pass Pod Security "restricted".
  const ns = async (psa: Record<string, string>): Promise<string> => createNamespace(kube, cleanup, { runId, suite, labels: psa, ...(o.signal ? { signal: o.signal } : {}) });
  const restricted = { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' };
  const [canaryNs, controlNs, hardenedNs] = [await ns(privilegedNamespaceLabels), await ns(privilegedNamespaceLabels), await ns(restricted)];

  const token = newCanaryToken();
  const t = await prepareTargets({ kube, cleanup, shell: access.shell, embedded: access.embedded, node, runId, labels, catalog: o.catalog, ...(o.addresses ? { addresses: o.addresses } : {}), canaryNs, controlNs, token, ...(o.signal ? { signal: o.signal } : {}), log });
  const cp = await prepareControlPlane({ kube, cleanup, shell: access.shell, embedded: access.embedded, node, runId, suite, canaryNs, token, labels, apiUrl: t.apiUrl, probeImage: probeImage(), runtimeClass: runtimeClassFor.runsc ?? 'gvisor', ...(o.signal ? { signal: o.signal } : {}) });
  Object.assign(t.targets, cp.targets);
  t.expectSha256.push(...cp.expectSha256);
  for (const [id, why] of cp.preconditions) t.preconditions.set(id, why);
  // Attempts whose target is not configured are not run at all: every cell is not-applicable.
  const runnable = o.catalog.filter((e) => !e.probe.tag || t.targets[e.probe.tag] !== undefined);
  const f: PodFactory = {
    node,
    labels,
    runnable,
    namespaceOf: (p, role) => (role === 'tenant' ? (p === 'control' ? cp.controlNs : cp.hardenedNs) : p === 'control' ? controlNs : hardenedNs),
    inputs: {
      canaryPath: t.canaryPath,
      canaryDir: nodeCanaryDir(runId),
      expectSha256: t.expectSha256,
      targets: t.targets,
      dnsName: `${runId}.exfil.canary.test`,
      attemptTimeout,
      canaryHandle: t.canaryHandle,
      tenant: cp.inputs,
    },
  };

  log('control pods: running');
  const groups = await controlPhase(o, f, t, canaryNs);
  const policy = await applyAndProveHardenedPolicy({ kube, cleanup, namespace: hardenedNs, node: node.name, labels, victim: { ...t.victim, token } });
  log(`hardened namespace policy: ${policy.verdict.detail}`);
  log('hardened pods: running');
  groups.push(...(await runGroupPods(kube, phasePods(f, 'hardened'), cleanup, o.signal)));
  const writerCells = (['control', 'hardened'] as const).flatMap((profile) => runtimes.map((runtime) => ({ runtime, profile })));
  log('writer cells: one at a time');
  const written = await runWriterCells({ kube, cleanup, shell: access.shell, node: node.name, nodeIp: node.ip, runId, cells: writerCells, podFor: (c, markArgs) => podOf(f, c.runtime, c.profile, 'writer', markArgs), ...(o.signal ? { signal: o.signal } : {}), log });
  groups.push(...written.groups);

  const identityProblems = dropContradictedPods(groups, node.kernel);
  const networkPolicyEnforced = policy.reachableBefore ? policy.verdict.kind === 'enforced' : undefined;
  const networkPolicyEvidence = policy.reachableBefore
    ? `deny-egress-except-DNS in ${hardenedNs}, watched from a pod there against ${policy.target}: ${policy.verdict.detail}`
    : `not determined: ${policy.verdict.detail}`;
  const attempts = attemptOutcomes({ catalog: o.catalog, groups, nodeChanges: written.changes, preconditions: t.preconditions, networkPolicyEnforced, embedded: access.embedded });
  return { node: node.name, hostKernel: node.kernel, groups, attempts, networkPolicyEnforced, networkPolicyEvidence, hardenedPolicy: policy, identityProblems, nodeAccess: access.shell.kind, embedded: access.embedded, durationMs: performance.now() - started };
}

export { cellKey, groupPodName };
