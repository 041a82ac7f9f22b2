/**
 * Is the target the embedded local cluster, and which node access does a run use?
 *
 * Local: the kubeconfig is the one `gauntlet cluster up` wrote AND its node containers run
 * here. Anything else (EKS, a kubeconfig copied elsewhere, a machine without the containers)
 * is a real cluster: node access through agents, canaries from the configuration.
 */
import { resolve } from 'node:path';
import { listNodes } from '../cluster/nodes.js';
import { clusterSettings } from '../cluster/settings.js';
import { BadInputError } from '../errors.js';
import type { Kube } from '../kube/client.js';
import { harnessKubeconfigPath, localKubeconfigPath } from '../paths.js';
import { agentNodeShell, localNodeShell, type AgentShellOptions, type NodeAccessKind, type NodeShell } from './node-shell.js';

/** Pure: does the kubeconfig choice name one of the local cluster's kubeconfigs (admin or the harness's least-privilege one)? */
export function usesLocalKubeconfig(paths: readonly string[], local: readonly string[] = [localKubeconfigPath(), harnessKubeconfigPath()]): boolean {
  return paths.length > 0 && local.some((l) => resolve(paths[0] ?? '') === resolve(l));
}

/** Whether the target is the embedded local cluster (its kubeconfig, its node containers running). */
export async function targetsEmbeddedCluster(kube: Kube): Promise<boolean> {
  if (!usesLocalKubeconfig(kube.origin.paths)) return false;
  // No Docker here, or no node containers: the kubeconfig was copied to a machine without the cluster.
  const nodes = await listNodes(clusterSettings()).catch(() => []);
  return nodes.some((n) => n.running);
}

/** GAUNTLET_NODE_ACCESS=local|agent forces a kind (agent proves the real-cluster path locally); unset: automatic. */
export function nodeAccessOverride(env: NodeJS.ProcessEnv = process.env): NodeAccessKind | undefined {
  const v = env.GAUNTLET_NODE_ACCESS?.trim();
  if (v === undefined || v === '' || v === 'auto') return undefined;
  if (v === 'local' || v === 'agent') return v;
  throw new BadInputError(`GAUNTLET_NODE_ACCESS=${v} is not one of local, agent, auto`, 'Unset it to choose automatically (docker exec on the local cluster, node agents elsewhere).');
}

/** Pure: the node access a run uses. `local` needs the embedded cluster. */
export function chooseNodeAccess(embedded: boolean, override: NodeAccessKind | undefined): NodeAccessKind {
  if (override === 'local' && !embedded) {
    throw new BadInputError('GAUNTLET_NODE_ACCESS=local, but the target is not the embedded local cluster', 'Unset GAUNTLET_NODE_ACCESS: a real cluster is reached through node agents.');
  }
  return override ?? (embedded ? 'local' : 'agent');
}

export interface NodeAccess {
  shell: NodeShell;
  /** The target is the embedded local cluster (its Docker-side canaries are available). */
  embedded: boolean;
}

/** The node shell of a run, chosen from the target and GAUNTLET_NODE_ACCESS. */
export async function nodeAccess(o: AgentShellOptions, env: NodeJS.ProcessEnv = process.env): Promise<NodeAccess> {
  const embedded = await targetsEmbeddedCluster(o.kube);
  const kind = chooseNodeAccess(embedded, nodeAccessOverride(env));
  return { shell: kind === 'local' ? localNodeShell : agentNodeShell(o), embedded };
}
