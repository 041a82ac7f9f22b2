/**
 * What the escape matrix points its attempts at, prepared before any probe pod runs: the node
 * canary and the node's own facts (read through a NodeShell), the outside targets (started here
 * on the local cluster, configured elsewhere), the cluster canaries (Secret, victim pod,
 * NodePort, fake metadata locally) and the control's RBAC. Each step undoes itself through the
 * cleanup stack.
 */
import { addMetadataAddress, metadataAddress, nodeCanaryDir, nodeHas, nodeRecentKmsgRecords, plantNodeCanary, removeMetadataAddress, removeNodeCanary } from '../canary/node-canary.js';
import { createClusterCanaries, grantControlRbac, victimPort, waitForCanaryUrl } from '../canary/cluster-canaries.js';
import { startInternetCanary } from '../canary/internet-canary.js';
import { configuredOutsideTargets, type OutsideTag } from '../canary/outside-targets.js';
import { sha256Hex } from '../canary/token.js';
import type { GauntletConfig } from '../config/schema.js';
import { InfrastructureError } from '../errors.js';
import type { CleanupStack } from '../kube/cleanup.js';
import type { Kube } from '../kube/client.js';
import type { NodeShell } from '../node-access/node-shell.js';
import { envScaled, podStartMs, serviceProgrammedMs } from '../timeouts.js';
import { waitForPod, waitForServiceAccount } from '../wait.js';
import type { EscapeAttempt, TargetTag } from './catalog.js';
import { takeCanaryHandle } from './canary-handle.js';
import { nodeFactHashes, readNodeFacts } from './node-facts.js';
import { controlServiceAccount } from './profiles.js';

export interface MatrixNode {
  name: string;
  ip: string;
  kernel: string | undefined;
}

export interface Permit {
  open(): Promise<void>;
  close(): Promise<void>;
}

export interface TargetOptions {
  kube: Kube;
  cleanup: CleanupStack;
  shell: NodeShell;
  embedded: boolean;
  node: MatrixNode;
  runId: string;
  labels: Record<string, string>;
  catalog: readonly EscapeAttempt[];
  addresses?: GauntletConfig['addresses'];
  canaryNs: string;
  controlNs: string;
  token: string;
  signal?: AbortSignal;
  log: (line: string) => void;
}

export interface MatrixTargets {
  canaryPath: string;
  canaryHandle: string;
  /** sha256 of everything a probe may legitimately read back: the token, node facts, kernel-log records. */
  expectSha256: string[];
  targets: Partial<Record<TargetTag, string>>;
  /** attempt id → why no pod on the node can make it (every cell not-applicable). */
  preconditions: Map<string, string>;
  /** Opens the control's cluster-side permits (the internet canary's egress permit) for the control phase. */
  permit: Permit;
  victim: { ip: string; port: number };
  /** The API server's in-cluster URL (its ClusterIP service), as pods reach it. */
  apiUrl: string;
}

/** The node canary, its handle and the node facts probes are compared with. */
async function nodeEvidence(o: TargetOptions): Promise<{ canaryPath: string; canaryHandle: string; hashes: string[] }> {
  const { shell, node } = o;
  const canaryPath = await plantNodeCanary(shell, node.name, o.runId, o.token);
  o.cleanup.register(`remove the node canary on ${node.name}`, () => removeNodeCanary(shell, node.name, o.runId));
  const kmsgRecords = await nodeRecentKmsgRecords(shell, node.name);
  if (kmsgRecords.length === 0) throw new InfrastructureError(`read no kernel-log record on ${node.name}`, 'dev.kmsg-read needs the node to read /dev/kmsg');
  const facts = await readNodeFacts(shell, node.name);
  o.log(`node facts of ${node.name}: containerd ${facts.containerdVersion}; /dev/mem ${facts.memHead ? 'read' : 'absent'}; first disk sector ${facts.diskSectorSha256 ? 'read' : 'unreadable on the node'}`);
  const canaryHandle = await takeCanaryHandle(o.kube, o.cleanup, { namespace: o.canaryNs, node: node.name, canaryDir: nodeCanaryDir(o.runId), labels: o.labels });
  return { canaryPath, canaryHandle, hashes: [...new Set(kmsgRecords.map(sha256Hex)), ...nodeFactHashes(facts)] };
}

async function nodePreconditions(o: TargetOptions): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of o.catalog) {
    if (e.requires && !(await nodeHas(o.shell, o.node.name, e.requires.check))) out.set(e.id, `not applicable on node ${o.node.name}: ${e.requires.absent}`);
  }
  return out;
}

/** Outside targets: started here on the local cluster, configured on a real one (unconfigured ones become preconditions). */
async function outsideTargets(o: TargetOptions, preconditions: Map<string, string>): Promise<{ targets: Map<OutsideTag, string>; permit: Permit; hashes: string[] }> {
  const targets = new Map<OutsideTag, string>();
  if (o.embedded) {
    await addMetadataAddress(o.shell, o.node.name);
    o.cleanup.register(`remove ${metadataAddress} from ${o.node.name}`, () => removeMetadataAddress(o.shell, o.node.name));
    const internet = await startInternetCanary(o.token, o.signal);
    o.cleanup.register('stop the internet canary', () => internet.stop());
    targets.set('internet', internet.url).set('internet-dns', internet.dns).set('metadata', `http://${metadataAddress}/`);
    return { targets, permit: { open: () => internet.openPermit(), close: () => internet.closePermit() }, hashes: [] };
  }
  // No permit window here: the control namespace has no egress policy, the hardened one denies all egress but DNS to the cluster DNS.
  const configured = configuredOutsideTargets(o.addresses ?? { targets: [] });
  for (const t of configured.targets) {
    if ('address' in t) targets.set(t.tag, t.address);
    else for (const e of o.catalog) if (e.probe.tag === t.tag && !preconditions.has(e.id)) preconditions.set(e.id, t.notConfigured);
  }
  return { targets, permit: { open: async () => undefined, close: async () => undefined }, hashes: configured.tokenSha256 ? [configured.tokenSha256] : [] };
}

/** Cluster canaries, ready and served: the victim pod, its NodePort (served from the node), the API's Secret path. */
async function clusterTargets(o: TargetOptions): Promise<{ targets: Partial<Record<TargetTag, string>>; victim: { ip: string; port: number }; apiUrl: string }> {
  const { kube, node } = o;
  const canaries = await createClusterCanaries(kube, o.cleanup, o.canaryNs, node.name, o.labels, o.token, o.embedded);
  await grantControlRbac(kube, o.cleanup, { canaryNamespace: o.canaryNs, controlNamespace: o.controlNs, serviceAccount: controlServiceAccount, runId: o.runId, labels: o.labels });
  const victim = (await waitForPod(kube, o.canaryNs, canaries.victimPod, 'Ready', envScaled(podStartMs))).value;
  if (canaries.metadataPod) await waitForPod(kube, o.canaryNs, canaries.metadataPod, 'Ready', envScaled(podStartMs));
  const service = await kube.core.readNamespacedService({ namespace: o.canaryNs, name: canaries.nodePortService });
  const nodePort = service.spec?.ports?.[0]?.nodePort;
  const waited = await waitForCanaryUrl(o.shell, node.name, `http://${node.ip}:${nodePort}/`, o.token, envScaled(serviceProgrammedMs));
  o.log(`NodePort ${nodePort} served the canary from ${node.name} ${waited} ms after the victim was Ready`);
  const api = await kube.core.readNamespacedService({ namespace: 'default', name: 'kubernetes' });
  await waitForServiceAccount(kube, o.controlNs, controlServiceAccount, envScaled(podStartMs));
  const ip = victim.status?.podIP ?? '';
  const apiUrl = `https://${api.spec?.clusterIP}:${api.spec?.ports?.[0]?.port ?? 443}`;
  return {
    victim: { ip, port: victimPort },
    apiUrl,
    targets: {
      'api-secret': `${apiUrl}${canaries.secretPath}`,
      'kubelet-pods': `https://${node.ip}:10250/pods`,
      victim: `http://${ip}:${victimPort}/`,
      nodeport: `http://${node.ip}:${nodePort}/`,
    },
  };
}

export async function prepareTargets(o: TargetOptions): Promise<MatrixTargets> {
  const evidence = await nodeEvidence(o);
  const preconditions = await nodePreconditions(o);
  const outside = await outsideTargets(o, preconditions);
  const cluster = await clusterTargets(o);
  return {
    canaryPath: evidence.canaryPath,
    canaryHandle: evidence.canaryHandle,
    expectSha256: [sha256Hex(o.token), ...evidence.hashes, ...outside.hashes],
    targets: { ...Object.fromEntries(outside.targets), ...cluster.targets },
    preconditions,
    permit: outside.permit,
    victim: cluster.victim,
    apiUrl: cluster.apiUrl,
  };
}
