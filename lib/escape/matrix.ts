/**
 * Runs the escape catalog on a cluster: every attempt under {runc, runsc} × {control, hardened},
 * batched into two probe pods per group (most attempts in `main`, ptrace in `neighbour`).
 * Controls run first, while their cluster-side permits are open (the egress permit to the
 * internet canary, the anonymous read of the canary Secret); hardened pods run after the
 * permits are closed again, so a hardened pod never runs while a permit exists.
 *
 * Works against the local cluster (canaries planted through `docker exec` into the nodes).
 */
import type { V1Pod } from '@kubernetes/client-node';
import { addMetadataAddress, metadataAddress, nodeCanaryDir, nodeHas, nodeRecentKmsgRecords, plantNodeCanary, removeMetadataAddress, removeNodeCanary } from '../canary/node-canary.js';
import { allowAnonymousCanaryRead, createClusterCanaries, denyAllEgress, grantControlRbac } from '../canary/cluster-canaries.js';
import { startInternetCanary } from '../canary/internet-canary.js';
import { newCanaryToken, sha256Hex } from '../canary/token.js';
import { InfrastructureError } from '../errors.js';
import type { CleanupStack } from '../kube/cleanup.js';
import { describeKubeError, type Kube } from '../kube/client.js';
import { gauntletLabels } from '../kube/labels.js';
import { createNamespace } from '../kube/namespace.js';
import { pickProbeResult, type ProbeResult } from '../probe/result.js';
import { classifyProbeRun } from '../probe/run-status.js';
import { gvisorReadyLabel, gvisorReadyValue, runtimes, type Runtime } from '../runtimes.js';
import { envScaled, podStartMs, probeFinishMs } from '../timeouts.js';
import { waitForPod, waitForServiceAccount } from '../wait.js';
import type { EscapeAttempt, ProbePodRole, TargetTag } from './catalog.js';
import { probeArgFor } from './catalog.js';
import { controlServiceAccount, groupPod, groupPodName, probeArgs, type AttemptInputs } from './profiles.js';
import { runtimeIdentityProblems } from './runtime-proof.js';
import { cellKey, decideVerdicts, type Cell, type CellVerdict, type Profile } from './verdict.js';

/** Per-attempt timeout inside the probe: a dropped connection is given this long. */
export const attemptTimeout = '3s';

export interface GroupRun {
  runtime: Runtime;
  profile: Profile;
  role: ProbePodRole;
  pod: string;
  namespace: string;
  status: string;
  reason: string;
  result?: ProbeResult;
}

export interface AttemptOutcome {
  entry: EscapeAttempt;
  cells: Cell[];
  verdicts: Map<string, CellVerdict>;
  preconditionFailed?: string;
}

export interface MatrixRun {
  node: string;
  hostKernel: string | undefined;
  groups: GroupRun[];
  attempts: AttemptOutcome[];
  /** false when a deny-egress NetworkPolicy was in place and a hardened runc pod still reached the victim pod. */
  networkPolicyEnforced: boolean | undefined;
  networkPolicyEvidence: string;
  /** Identity contradictions per group pod (a pod that asked for gVisor but is not in it). */
  identityProblems: string[];
  durationMs: number;
}

export interface MatrixOptions {
  kube: Kube;
  runId: string;
  suite: string;
  cleanup: CleanupStack;
  catalog: readonly EscapeAttempt[];
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/** The first Ready worker the gVisor installer marked ready. */
async function pickNode(kube: Kube): Promise<{ name: string; ip: string; kernel: string | undefined }> {
  const nodes = (await kube.core.listNode({ labelSelector: `${gvisorReadyLabel}=${gvisorReadyValue}` })).items
    .filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  const node = nodes[0];
  const ip = node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  if (!node?.metadata?.name || !ip) {
    throw new InfrastructureError(`no Ready node labelled ${gvisorReadyLabel}=${gvisorReadyValue}`, 'is gVisor installed? see docs/gvisor-installer.md');
  }
  return { name: node.metadata.name, ip, kernel: node.status?.nodeInfo?.kernelVersion };
}

async function runGroupPods(kube: Kube, pods: { namespace: string; body: V1Pod; runtime: Runtime; profile: Profile; role: ProbePodRole }[], cleanup: CleanupStack, signal?: AbortSignal): Promise<GroupRun[]> {
  for (const p of pods) {
    const name = p.body.metadata?.name ?? '';
    await kube.core.createNamespacedPod({ namespace: p.namespace, body: p.body });
    cleanup.register(`delete pod ${p.namespace}/${name}`, () => kube.core.deleteNamespacedPod({ namespace: p.namespace, name, gracePeriodSeconds: 0 }));
  }
  return Promise.all(
    pods.map(async (p): Promise<GroupRun> => {
      const name = p.body.metadata?.name ?? '';
      const base = { runtime: p.runtime, profile: p.profile, role: p.role, pod: name, namespace: p.namespace };
      let pod: V1Pod | undefined;
      let timedOut = false;
      try {
        pod = (await waitForPod(kube, p.namespace, name, 'Finished', envScaled(podStartMs + probeFinishMs), signal ? { signal } : {})).value;
      } catch (err) {
        timedOut = true;
        pod = await kube.core.readNamespacedPod({ namespace: p.namespace, name }).catch(() => undefined);
        void err;
      }
      const logs = await kube.core.readNamespacedPodLog({ namespace: p.namespace, name, container: 'probe' }).catch(() => undefined);
      const terminationMessage = pod?.status?.containerStatuses?.find((c) => c.name === 'probe')?.state?.terminated?.message;
      const result = pickProbeResult({ logs, terminationMessage });
      const c = classifyProbeRun({ pod, result, ...(timedOut ? { timedOut: { budgetMs: envScaled(podStartMs + probeFinishMs) } } : {}) });
      return { ...base, status: c.status, reason: c.reason, ...(c.result ? { result: c.result } : {}) };
    }),
  );
}

/** Runs every catalog attempt in all four cells and decides the verdicts. */
export async function runEscapeMatrix(o: MatrixOptions): Promise<MatrixRun> {
  const started = performance.now();
  const { kube, cleanup, runId, suite } = o;
  const log = o.log ?? (() => undefined);
  const labels = gauntletLabels(runId, suite);
  const node = await pickNode(kube);
  log(`escape matrix on node ${node.name} (${node.ip})`);

  // ---- canaries ----
  const token = newCanaryToken();
  const canaryPath = await plantNodeCanary(node.name, runId, token);
  cleanup.register(`remove the node canary on ${node.name}`, () => removeNodeCanary(node.name, runId));
  const kmsgRecords = await nodeRecentKmsgRecords(node.name);
  if (kmsgRecords.length === 0) throw new InfrastructureError(`read no kernel-log record on ${node.name}`, 'dev.kmsg-read needs the node to read /dev/kmsg');

  const preconditions = new Map<string, string>();
  for (const e of o.catalog) {
    if (e.requires && !(await nodeHas(node.name, e.requires.check))) preconditions.set(e.id, `not applicable on node ${node.name}: ${e.requires.absent}`);
  }

  const ns = async (): Promise<string> => createNamespace(kube, cleanup, { runId, suite, ...(o.signal ? { signal: o.signal } : {}) });
  const [canaryNs, controlNs, hardenedNs] = [await ns(), await ns(), await ns()];

  await addMetadataAddress(node.name);
  cleanup.register(`remove ${metadataAddress} from ${node.name}`, () => removeMetadataAddress(node.name));
  const canaries = await createClusterCanaries(kube, cleanup, canaryNs, node.name, labels, token);
  await grantControlRbac(kube, cleanup, { canaryNamespace: canaryNs, controlNamespace: controlNs, serviceAccount: controlServiceAccount, runId, labels });
  await denyAllEgress(kube, cleanup, hardenedNs, labels);

  const internet = await startInternetCanary(token, o.signal);
  cleanup.register('stop the internet canary', () => internet.stop());

  const victim = (await waitForPod(kube, canaryNs, canaries.victimPod, 'Ready', envScaled(podStartMs))).value;
  await waitForPod(kube, canaryNs, canaries.metadataPod, 'Ready', envScaled(podStartMs));
  const service = await kube.core.readNamespacedService({ namespace: canaryNs, name: canaries.nodePortService });
  const nodePort = service.spec?.ports?.[0]?.nodePort;
  const apiService = await kube.core.readNamespacedService({ namespace: 'default', name: 'kubernetes' });
  await waitForServiceAccount(kube, controlNs, controlServiceAccount, envScaled(podStartMs));

  const targets: Record<TargetTag, string> = {
    internet: internet.url,
    'internet-dns': internet.dns,
    metadata: `http://${metadataAddress}/`,
    'api-secret': `https://${apiService.spec?.clusterIP}:${apiService.spec?.ports?.[0]?.port ?? 443}${canaries.secretPath}`,
    'kubelet-pods': `https://${node.ip}:10250/pods`,
    victim: `http://${victim.status?.podIP}:8080/`,
    nodeport: `http://${node.ip}:${nodePort}/`,
  };
  const inputs: AttemptInputs = {
    canaryPath,
    canaryDir: nodeCanaryDir(runId),
    expectSha256: [sha256Hex(token), ...new Set(kmsgRecords.map(sha256Hex))],
    targets,
    dnsName: `${runId}.exfil.canary.test`,
    attemptTimeout,
  };

  const podsFor = (profile: Profile) =>
    runtimes.flatMap((runtime) =>
      (['main', 'neighbour'] as const).map((role) => ({
        namespace: profile === 'control' ? controlNs : hardenedNs,
        runtime,
        profile,
        role,
        body: groupPod({ runtime, profile, role, node: node.name, labels, args: probeArgs(role, o.catalog, inputs), canaryDir: inputs.canaryDir }),
      })),
    );

  // ---- control phase: permits open ----
  const groups: GroupRun[] = [];
  await internet.openPermit();
  const closeAnonymous = await allowAnonymousCanaryRead(kube, canaryNs, labels);
  try {
    log('control pods: running');
    groups.push(...(await runGroupPods(kube, podsFor('control'), cleanup, o.signal)));
  } finally {
    await internet.closePermit();
    await closeAnonymous().catch((err: unknown) => {
      throw new InfrastructureError(`could not remove the anonymous RoleBinding in ${canaryNs}: ${describeKubeError(err)}`, 'delete it by hand before trusting any hardened result');
    });
  }
  // ---- hardened phase: permits closed ----
  log('hardened pods: running');
  groups.push(...(await runGroupPods(kube, podsFor('hardened'), cleanup, o.signal)));

  // ---- identity, then verdicts ----
  // A pod whose kernel contradicts its runtime proves nothing about that runtime: its
  // attempts become probe-invalid (a runc pod posing as runsc must never yield "blocked-by-gvisor").
  const identityProblems: string[] = [];
  for (const g of groups) {
    if (!g.result) continue;
    const problems = runtimeIdentityProblems(g.result.identity, g.runtime, node.kernel);
    if (problems.length === 0) continue;
    identityProblems.push(...problems.map((p) => `${g.namespace}/${g.pod} (${g.runtime}): ${p}`));
    delete g.result;
    g.status = 'invalid';
    g.reason = `runtime identity contradicts ${g.runtime}: ${problems.join('; ')}`;
  }

  const hardenedRuncVictim = groups
    .find((g) => g.runtime === 'runc' && g.profile === 'hardened' && g.role === 'main')
    ?.result?.attempts.find((a) => a.id === 'net.http-canary@victim');
  const networkPolicyEnforced = hardenedRuncVictim === undefined ? undefined : !(hardenedRuncVictim.outcome === 'succeeded' && hardenedRuncVictim.tokenMatched === true);
  const networkPolicyEvidence =
    hardenedRuncVictim === undefined
      ? 'not determined: the hardened runc pod gave no result for the victim pod'
      : `with a deny-all-egress NetworkPolicy in ${hardenedNs}, a runc pod there tried the victim pod in ${canaryNs}: ${hardenedRuncVictim.outcome}${hardenedRuncVictim.errno ? ` (${hardenedRuncVictim.errno})` : ''}`;

  const attempts: AttemptOutcome[] = o.catalog.map((entry) => {
    const cells: Cell[] = groups
      .filter((g) => g.role === entry.pod)
      .map((g) => {
        const result = g.result?.attempts.find((a) => a.id === probeArgFor(entry));
        return { runtime: g.runtime, profile: g.profile, result, ...(result ? {} : { missingReason: `${g.pod}: ${g.status}: ${g.reason}` }) };
      });
    const pre = preconditions.get(entry.id);
    const verdicts = decideVerdicts(entry, cells, {
      ...(pre !== undefined ? { preconditionFailed: pre } : {}),
      ...(networkPolicyEnforced !== undefined ? { networkPolicyEnforced } : {}),
    });
    return { entry, cells, verdicts, ...(pre !== undefined ? { preconditionFailed: pre } : {}) };
  });

  return { node: node.name, hostKernel: node.kernel, groups, attempts, networkPolicyEnforced, networkPolicyEvidence, identityProblems, durationMs: performance.now() - started };
}

export { cellKey, groupPodName };
