/**
 * Runs the escape catalog on a cluster: every attempt under {runc, runsc} × {control, hardened},
 * batched into two probe pods per group (most attempts in `main`, ptrace in `neighbour`).
 * Controls run first, while their cluster-side permits are open (the egress permit to the
 * internet canary, the anonymous read of the canary Secret); hardened pods run after the
 * permits are closed again, so a hardened pod never runs while a permit exists.
 *
 * Works against the local cluster and a real one: node canaries go through a NodeShell
 * (docker exec locally, a node agent elsewhere: lib/node-access); the outside targets (internet
 * canary, metadata) are started by the harness locally and come from `addresses` in the
 * configuration elsewhere (lib/canary/outside-targets.ts); unconfigured ones are not-applicable.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { addMetadataAddress, metadataAddress, nodeCanaryDir, nodeHas, nodeRecentKmsgRecords, plantNodeCanary, removeMetadataAddress, removeNodeCanary } from '../canary/node-canary.js';
import { allowAnonymousCanaryRead, createClusterCanaries, denyEgressExceptDns, grantControlRbac, waitForCanaryUrl } from '../canary/cluster-canaries.js';
import { startInternetCanary } from '../canary/internet-canary.js';
import { configuredOutsideTargets, onlyPolicyStopsOutside, type OutsideTag } from '../canary/outside-targets.js';
import type { GauntletConfig } from '../config/schema.js';
import { nodeAccess, type NodeAccess } from '../node-access/target.js';
import { privilegedNamespaceLabels } from '../node-access/node-shell.js';
import { newCanaryToken, sha256Hex } from '../canary/token.js';
import { InfrastructureError } from '../errors.js';
import type { CleanupStack } from '../kube/cleanup.js';
import { describeKubeError, type Kube } from '../kube/client.js';
import { gauntletLabels } from '../kube/labels.js';
import { createNamespace } from '../kube/namespace.js';
import { pickProbeResult, type ProbeResult } from '../probe/result.js';
import { classifyProbeRun } from '../probe/run-status.js';
import { gvisorReadyLabel, gvisorReadyValue, runtimes, type Runtime } from '../runtimes.js';
import { envScaled, podStartMs, probeFinishMs, serviceProgrammedMs } from '../timeouts.js';
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
  const access = await nodeAccess({ kube, cleanup, runId, suite, ...(o.signal ? { signal: o.signal } : {}) }, o.env);
  const shell = access.shell;
  log(`escape matrix on node ${node.name} (${node.ip}); node access: ${shell.kind}; target: ${access.embedded ? 'embedded local cluster' : 'real cluster'}`);

  // ---- canaries ----
  const token = newCanaryToken();
  const canaryPath = await plantNodeCanary(shell, node.name, runId, token);
  cleanup.register(`remove the node canary on ${node.name}`, () => removeNodeCanary(shell, node.name, runId));
  const kmsgRecords = await nodeRecentKmsgRecords(shell, node.name);
  if (kmsgRecords.length === 0) throw new InfrastructureError(`read no kernel-log record on ${node.name}`, 'dev.kmsg-read needs the node to read /dev/kmsg');

  const preconditions = new Map<string, string>();
  for (const e of o.catalog) {
    if (e.requires && !(await nodeHas(shell, node.name, e.requires.check))) preconditions.set(e.id, `not applicable on node ${node.name}: ${e.requires.absent}`);
  }

  // Controls and the canaries run privileged / on the host network; hardened pods must pass Pod Security "restricted".
  const ns = async (psa: Record<string, string>): Promise<string> => createNamespace(kube, cleanup, { runId, suite, labels: psa, ...(o.signal ? { signal: o.signal } : {}) });
  const restricted = { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' };
  const [canaryNs, controlNs, hardenedNs] = [await ns(privilegedNamespaceLabels), await ns(privilegedNamespaceLabels), await ns(restricted)];

  // Outside targets: started here on the local cluster, configured on a real one.
  const outside = new Map<OutsideTag, string>();
  const expectSha256 = [sha256Hex(token), ...new Set(kmsgRecords.map(sha256Hex))];
  let permit: { open(): Promise<void>; close(): Promise<void> } = { open: async () => undefined, close: async () => undefined };
  if (access.embedded) {
    await addMetadataAddress(shell, node.name);
    cleanup.register(`remove ${metadataAddress} from ${node.name}`, () => removeMetadataAddress(shell, node.name));
    const internet = await startInternetCanary(token, o.signal);
    cleanup.register('stop the internet canary', () => internet.stop());
    outside.set('internet', internet.url).set('internet-dns', internet.dns).set('metadata', `http://${metadataAddress}/`);
    permit = { open: () => internet.openPermit(), close: () => internet.closePermit() };
  } else {
    // No permit window here: the control namespace has no egress policy, the hardened one denies all egress but DNS to the cluster DNS.
    const configured = configuredOutsideTargets(o.addresses ?? { targets: [] });
    if (configured.tokenSha256) expectSha256.push(configured.tokenSha256);
    for (const t of configured.targets) {
      if ('address' in t) outside.set(t.tag, t.address);
      else for (const e of o.catalog) if (e.probe.tag === t.tag && !preconditions.has(e.id)) preconditions.set(e.id, t.notConfigured);
    }
  }
  const canaries = await createClusterCanaries(kube, cleanup, canaryNs, node.name, labels, token, access.embedded);
  await grantControlRbac(kube, cleanup, { canaryNamespace: canaryNs, controlNamespace: controlNs, serviceAccount: controlServiceAccount, runId, labels });
  await denyEgressExceptDns(kube, cleanup, hardenedNs, labels);

  const victim = (await waitForPod(kube, canaryNs, canaries.victimPod, 'Ready', envScaled(podStartMs))).value;
  if (canaries.metadataPod) await waitForPod(kube, canaryNs, canaries.metadataPod, 'Ready', envScaled(podStartMs));
  const service = await kube.core.readNamespacedService({ namespace: canaryNs, name: canaries.nodePortService });
  const nodePort = service.spec?.ports?.[0]?.nodePort;
  const nodePortWait = await waitForCanaryUrl(shell, node.name, `http://${node.ip}:${nodePort}/`, token, envScaled(serviceProgrammedMs));
  log(`NodePort ${nodePort} served the canary from ${node.name} ${nodePortWait} ms after the victim was Ready`);
  const apiService = await kube.core.readNamespacedService({ namespace: 'default', name: 'kubernetes' });
  await waitForServiceAccount(kube, controlNs, controlServiceAccount, envScaled(podStartMs));

  const targets: Partial<Record<TargetTag, string>> = {
    ...Object.fromEntries(outside),
    'api-secret': `https://${apiService.spec?.clusterIP}:${apiService.spec?.ports?.[0]?.port ?? 443}${canaries.secretPath}`,
    'kubelet-pods': `https://${node.ip}:10250/pods`,
    victim: `http://${victim.status?.podIP}:8080/`,
    nodeport: `http://${node.ip}:${nodePort}/`,
  };
  // Attempts whose target is not configured are not run at all: every cell is not-applicable.
  const runnable = o.catalog.filter((e) => !e.probe.tag || targets[e.probe.tag] !== undefined);
  const inputs: AttemptInputs = {
    canaryPath,
    canaryDir: nodeCanaryDir(runId),
    expectSha256,
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
        body: groupPod({ runtime, profile, role, node: node.name, labels, args: probeArgs(role, runnable, inputs), canaryDir: inputs.canaryDir }),
      })),
    );

  // ---- control phase: permits open ----
  const groups: GroupRun[] = [];
  await permit.open();
  const closeAnonymous = await allowAnonymousCanaryRead(kube, canaryNs, labels);
  try {
    log('control pods: running');
    groups.push(...(await runGroupPods(kube, podsFor('control'), cleanup, o.signal)));
  } finally {
    await permit.close();
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
      : `with a deny-egress-except-DNS NetworkPolicy in ${hardenedNs}, a runc pod there tried the victim pod in ${canaryNs}: ${hardenedRuncVictim.outcome}${hardenedRuncVictim.errno ? ` (${hardenedRuncVictim.errno})` : ''}`;

  const attempts: AttemptOutcome[] = o.catalog.map((entry) => {
    const cells: Cell[] = groups
      .filter((g) => g.role === entry.pod)
      .map((g) => {
        const result = g.result?.attempts.find((a) => a.id === probeArgFor(entry));
        return { runtime: g.runtime, profile: g.profile, result, ...(result ? {} : { missingReason: `${g.pod}: ${g.status}: ${g.reason}` }) };
      });
    const pre = preconditions.get(entry.id);
    const judged = onlyPolicyStopsOutside(entry.probe.tag, access.embedded) ? { ...entry, networkPolicyOnly: true } : entry;
    const verdicts = decideVerdicts(judged, cells, {
      ...(pre !== undefined ? { preconditionFailed: pre } : {}),
      ...(networkPolicyEnforced !== undefined ? { networkPolicyEnforced } : {}),
    });
    return { entry, cells, verdicts, ...(pre !== undefined ? { preconditionFailed: pre } : {}) };
  });

  return { node: node.name, hostKernel: node.kernel, groups, attempts, networkPolicyEnforced, networkPolicyEvidence, identityProblems, nodeAccess: shell.kind, embedded: access.embedded, durationMs: performance.now() - started };
}

export { cellKey, groupPodName };
