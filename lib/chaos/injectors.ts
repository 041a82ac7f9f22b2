/**
 * The injector a chaos run uses, assembled from what the target offers: node agents and
 * the Kubernetes API everywhere; configured command hooks (GAUNTLET_CHAOS_CMD_*); Chaos Mesh
 * when it is installed and working (lib/chaos-mesh/presence.ts) (node loss through AWSChaos when
 * GAUNTLET_CHAOS_MESH_NODE_LOSS_S is set); the node containers of the local cluster when the
 * target is the embedded one. Earlier entries win for a fault several can deliver.
 */
import type { Kube } from '../kube/client.js';
import type { Labels } from '../kube/labels.js';
import { ChaosMeshInjector } from './chaos-mesh.js';
import { chaosMeshPresence } from '../chaos-mesh/presence.js';
import { CommandInjector, commandTemplatesFromEnv } from './command-injector.js';
import { composeInjectors, type FaultInjector } from './fault-injector.js';
import { KubeApiInjector } from './kube-api-injector.js';
import { LocalClusterInjector, targetsLocalCluster } from './local-cluster-injector.js';
import { NodeAgentInjector } from './node-agent-injector.js';

export interface ChaosInjectors {
  faults: FaultInjector;
  agents: NodeAgentInjector;
  /** Names of the parts, for notes. */
  parts: string[];
}

export async function buildInjectors(kube: Kube, namespace: string, labels: Labels, env: NodeJS.ProcessEnv = process.env): Promise<ChaosInjectors> {
  const agents = new NodeAgentInjector(kube, namespace, labels);
  const parts: FaultInjector[] = [agents, new KubeApiInjector(kube)];
  const templates = commandTemplatesFromEnv(env);
  if (Object.keys(templates).length > 0) parts.push(new CommandInjector(templates));
  // Working Chaos Mesh, not only its CRDs: CRDs without a controller accept every fault and inject none.
  if ((await chaosMeshPresence(kube)).installed) {
    const lossS = Number(env.GAUNTLET_CHAOS_MESH_NODE_LOSS_S ?? '');
    parts.push(new ChaosMeshInjector(kube, namespace, { labels, ...(lossS > 0 ? { nodeLossMs: lossS * 1000 } : {}) }));
  }
  if (targetsLocalCluster(kube.server)) parts.push(new LocalClusterInjector(kube));
  return { faults: composeInjectors(...parts), agents, parts: parts.map((p) => p.name) };
}
