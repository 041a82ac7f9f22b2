import { existsSync } from 'node:fs';
import { localKubeconfigPath } from '../paths.js';
import { kubectl } from './kubectl.js';
import { listNodes, type NodeContainerInfo } from './nodes.js';
import { gvisorReadyLabel } from '../runtimes.js';
import { clusterSettings, nodeGroupLabel } from './settings.js';

export interface ClusterStatus {
  containers: NodeContainerInfo[];
  kubeconfig: string | undefined;
  nodes: string | undefined;
}

/** `gauntlet cluster status`: node containers and, when the API answers, `kubectl get nodes`. */
export async function clusterStatus(): Promise<ClusterStatus> {
  const containers = await listNodes(clusterSettings());
  const kc = localKubeconfigPath();
  let nodes: string | undefined;
  if (existsSync(kc)) {
    // The node group and gVisor readiness are what the suites choose nodes by.
    nodes = await kubectl(['get', 'nodes', '-o', 'wide', '-L', `${nodeGroupLabel},${gvisorReadyLabel}`, '--request-timeout=5s'], { component: 'cluster status' }).catch(
      (e: unknown) => `API not reachable: ${(e as Error).message}`,
    );
  }
  return { containers, kubeconfig: existsSync(kc) ? kc : undefined, nodes };
}
