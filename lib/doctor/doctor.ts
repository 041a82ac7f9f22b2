/**
 * `gauntlet doctor`: can this cluster run the suites? Checked in order, each with what was
 * found and what to do: kubeconfig and context, API reachable, RBAC sufficient
 * (SelfSubjectAccessReview per permission the suites use), the gVisor RuntimeClass, nodes
 * Ready, and gVisor verified per node. Later checks are skipped when an earlier one makes
 * them meaningless (no API, no RuntimeClass). Bounded: every call has a deadline, so an
 * unreachable API is reported within seconds, not after a TCP timeout.
 */
import { VersionApi, type V1RuntimeClass } from '@kubernetes/client-node';
import { GauntletError } from '../errors.js';
import { createKube, isNotFound, statusCodeOf, type Kube, type KubeOptions } from '../kube/client.js';
import { gvisorStatusByNode, type NodeGvisorStatus } from '../gvisor/node-status.js';
import { describePermission, requiredPermissions } from './permissions.js';
import { describeCallError, withDeadline } from '../kube/call.js';
import { canI } from '../rbac/can-i.js';
import { chaosMeshPresence, notInstalledReason } from '../chaos-mesh/presence.js';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do about a warn or fail. */
  hint?: string;
}

export interface DoctorOptions extends KubeOptions {
  /** RuntimeClass that selects gVisor (config target.runtimeClass, default `gvisor`). */
  runtimeClass: string;
  /** Deadline of each API call. */
  callTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface DoctorReport {
  target: { server: string; context: string; kubeconfig: string } | undefined;
  checks: Check[];
  nodes: NodeGvisorStatus[];
  ok: boolean;
}

/** Short enough that doctor on an unreachable API finishes well inside 10 s. */
export const defaultCallTimeoutMs = 4000;

async function checkApi(kube: Kube, ms: number): Promise<Check> {
  try {
    const v = await withDeadline(kube.config.makeApiClient(VersionApi).getCode(), ms, `GET ${kube.server}/version`);
    return { name: 'API reachable', status: 'ok', detail: `${kube.server} answers, Kubernetes ${v.gitVersion}` };
  } catch (err) {
    const code = statusCodeOf(err);
    if (code === 401) {
      return { name: 'API reachable', status: 'fail', detail: `${kube.server} rejected the credentials of context ${kube.context} (HTTP 401)`, hint: 'Renew the token or certificate in the kubeconfig, or choose another context with --context.' };
    }
    // 403 on /version still proves the API answers with our identity; RBAC is checked next.
    if (code === 403) return { name: 'API reachable', status: 'ok', detail: `${kube.server} answers (version hidden: HTTP 403)` };
    return {
      name: 'API reachable',
      status: 'fail',
      detail: `cannot reach the API server ${kube.server} of context ${kube.context}: ${describeCallError(err)}`,
      hint: 'Check that the cluster is up (`gauntlet cluster status` for the local one), that the address is right and reachable from here, or choose another --kubeconfig/--context.',
    };
  }
}

async function checkRbac(kube: Kube, ms: number): Promise<Check> {
  const answers = await Promise.all(requiredPermissions.map((p) => canI(kube, p, ms)));
  const errors = answers.filter((a) => a.error !== undefined);
  if (errors.length === answers.length) {
    return { name: 'RBAC sufficient', status: 'fail', detail: `cannot ask the API about permissions: ${errors[0]?.error}`, hint: 'SelfSubjectAccessReview must be allowed (it is for every authenticated user by default).' };
  }
  const missing = answers.filter((a) => !a.allowed && !a.p.optional);
  const missingOptional = answers.filter((a) => !a.allowed && a.p.optional);
  const list = (xs: typeof answers): string => xs.map((a) => `${describePermission(a.p)} (${a.p.why})`).join('; ');
  if (missing.length > 0) {
    return {
      name: 'RBAC sufficient',
      status: 'fail',
      detail: `${missing.length} of ${answers.length} permission(s) missing: ${list(missing)}`,
      hint: 'Apply deploy/rbac.yaml and bind its ClusterRole to the identity of this kubeconfig (see README, "Running against your own cluster").',
    };
  }
  if (missingOptional.length > 0) {
    const skipped = [...new Set(missingOptional.flatMap((a) => a.p.scenarios ?? []))];
    return {
      name: 'RBAC sufficient',
      status: 'warn',
      detail: `required permissions granted; optional ones missing: ${list(missingOptional)}; skipped for that: ${skipped.join('; ')}`,
      hint: 'Those scenarios are skipped, not failed; deploy/rbac.yaml grants the permissions (the disruptive ClusterRole is for a dedicated test cluster only).',
    };
  }
  return { name: 'RBAC sufficient', status: 'ok', detail: `all ${answers.length} permissions the suites use are granted` };
}

async function checkRuntimeClass(kube: Kube, name: string, ms: number): Promise<{ check: Check; rc?: V1RuntimeClass }> {
  try {
    const rc = await withDeadline(kube.node.readRuntimeClass({ name }), ms, `GET RuntimeClass ${name}`);
    const selector = Object.entries(rc.scheduling?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    return { check: { name: `RuntimeClass ${name}`, status: 'ok', detail: `handler ${rc.handler}${selector ? `, nodes ${selector}` : ', any node'}` }, rc };
  } catch (err) {
    if (isNotFound(err)) {
      return {
        check: {
          name: `RuntimeClass ${name}`,
          status: 'fail',
          detail: `RuntimeClass "${name}" does not exist, so no pod can ask for gVisor`,
          hint: 'Install gVisor and its RuntimeClass (the local cluster has one: `gauntlet cluster up`), or set target.runtimeClass / GAUNTLET_RUNTIME_CLASS to the name your platform uses.',
        },
      };
    }
    return { check: { name: `RuntimeClass ${name}`, status: 'fail', detail: `cannot read RuntimeClass ${name}: ${describeCallError(err)}` } };
  }
}

export function checkNodes(nodes: NodeGvisorStatus[]): Check {
  const notReady = nodes.filter((n) => !n.nodeReady).map((n) => n.node);
  if (nodes.length === 0) return { name: 'nodes Ready', status: 'fail', detail: 'the cluster has no nodes' };
  if (notReady.length > 0) {
    return { name: 'nodes Ready', status: 'fail', detail: `${notReady.length} of ${nodes.length} node(s) not Ready: ${notReady.join(', ')}`, hint: 'Wait for them or repair them; the suites measure and fault healthy nodes only.' };
  }
  return { name: 'nodes Ready', status: 'ok', detail: `${nodes.length} node(s) Ready` };
}

export function checkGvisor(nodes: NodeGvisorStatus[], rc: V1RuntimeClass, allNodes: Map<string, Record<string, string>>): Check {
  const selector = rc.scheduling?.nodeSelector ?? {};
  const selected = nodes.filter((n) => Object.entries(selector).every(([k, v]) => allNodes.get(n.node)?.[k] === v));
  const verified = selected.filter((n) => n.verified && n.nodeReady);
  if (verified.length > 0) {
    const unverified = selected.filter((n) => !n.verified).map((n) => `${n.node} (${n.detail})`);
    return {
      name: 'gVisor verified per node',
      status: unverified.length ? 'warn' : 'ok',
      detail: `runsc verified on ${verified.map((n) => n.node).join(', ')}${unverified.length ? `; not on ${unverified.join(', ')}` : ''}`,
    };
  }
  const ready = selected.filter((n) => n.nodeReady);
  if (ready.length > 0 && selected.every((n) => n.installerPod === undefined)) {
    // Not installed by our installer: nothing to read per node; the runtime-identity test proves it.
    return {
      name: 'gVisor verified per node',
      status: 'warn',
      detail: `${ready.length} Ready node(s) match RuntimeClass ${rc.metadata?.name} but carry no installer status (${ready.map((n) => n.node).join(', ')})`,
      hint: 'gVisor was installed by other means; the isolation suite\'s runtime-identity test proves whether pods really run under runsc.',
    };
  }
  return {
    name: 'gVisor verified per node',
    status: 'fail',
    detail: selected.length === 0 ? `no node matches the RuntimeClass's node selector ${JSON.stringify(selector)}` : `no Ready node has runsc verified: ${selected.map((n) => `${n.node} (${n.detail})`).join('; ')}`,
    hint: 'Run the gVisor installer (docs/gvisor-installer.md; `gauntlet cluster up` on the local cluster) and wait for nodes to be labelled ready.',
  };
}

/** Runs every check; never throws for a problem of the target (those are failed checks). */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const ms = options.callTimeoutMs ?? defaultCallTimeoutMs;
  const checks: Check[] = [];
  const skip = (...names: string[]) => names.forEach((name) => checks.push({ name, status: 'skip', detail: 'skipped: an earlier check failed' }));
  const rest = ['RBAC sufficient', `RuntimeClass ${options.runtimeClass}`, 'nodes Ready', 'gVisor verified per node'];

  let kube: Kube;
  try {
    kube = createKube(options, options.env);
  } catch (err) {
    if (!(err instanceof GauntletError)) throw err;
    checks.push({ name: 'kubeconfig and context', status: 'fail', detail: err.message, ...(err.hint && { hint: err.hint }) });
    skip('API reachable', ...rest);
    return { target: undefined, checks, nodes: [], ok: false };
  }
  const target = { server: kube.server, context: kube.context, kubeconfig: kube.origin.paths.join(':') };
  checks.push({ name: 'kubeconfig and context', status: 'ok', detail: `context ${kube.context} from ${target.kubeconfig} (${kube.origin.origin})` });

  const api = await checkApi(kube, ms);
  checks.push(api);
  if (api.status === 'fail') {
    skip(...rest);
    return { target, checks, nodes: [], ok: false };
  }
  const [rbac, rc] = await Promise.all([checkRbac(kube, ms), checkRuntimeClass(kube, options.runtimeClass, ms)]);
  checks.push(rbac, rc.check);

  let nodes: NodeGvisorStatus[] = [];
  try {
    const [statuses, list] = await withDeadline(Promise.all([gvisorStatusByNode(kube.core), kube.core.listNode()]), ms * 2, 'list nodes');
    nodes = statuses;
    checks.push(checkNodes(nodes));
    const labels = new Map(list.items.map((n) => [n.metadata?.name ?? '', n.metadata?.labels ?? {}]));
    if (rc.rc) checks.push(checkGvisor(nodes, rc.rc, labels));
    else skip('gVisor verified per node');
  } catch (err) {
    checks.push({ name: 'nodes Ready', status: 'fail', detail: `cannot list nodes: ${describeCallError(err)}`, hint: 'The identity needs list on nodes (deploy/rbac.yaml).' });
    skip('gVisor verified per node');
  }
  checks.push(await checkChaosMesh(kube, ms));
  return { target, checks, nodes, ok: checks.every((c) => c.status !== 'fail') };
}

/** Chaos Mesh present (working: controller and every daemon available) and its version, or absent and what that skips. Never a failure: it is optional. */
export async function checkChaosMesh(kube: Kube, ms: number): Promise<Check> {
  const p = await withDeadline(chaosMeshPresence(kube), ms * 2, 'look for Chaos Mesh').catch((err: unknown) => ({ installed: false as const, reason: `${notInstalledReason}: cannot look for it (${describeCallError(err)})` }));
  if (p.installed) return { name: 'Chaos Mesh', status: 'ok', detail: `present: version ${p.version} in ${p.namespace} (${p.daemons.available} of ${p.daemons.desired} daemons available)` };
  return {
    name: 'Chaos Mesh',
    status: 'ok',
    detail: `absent: ${p.reason}; the Chaos Mesh matrix (suites/chaos/chaos-mesh-matrix.test.ts) is skipped`,
    hint: 'Optional. On the local cluster, `GAUNTLET_CHAOS_MESH=on gauntlet cluster up` installs it.',
  };
}
