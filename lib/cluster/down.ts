import { readdirSync, rmSync, rmdirSync, existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { localKubeconfigPath } from '../paths.js';
import { docker } from './docker.js';
import { unguardEgress } from './host-network.js';
import { ignore404, listNodes, removeNode } from './nodes.js';
import { clusterLabel, clusterSettings, type ClusterSettings } from './settings.js';

type Progress = (msg: string) => void;

/** `gauntlet cluster down`: removes node containers, their volumes, the network, cgroups and the kubeconfig. */
export async function clusterDown(progress: Progress = () => {}): Promise<void> {
  const s = clusterSettings();
  const d = (await docker()).container.dockerode;
  for (const n of await listNodes(s)) {
    progress(`remove node ${n.name}`);
    await removeNode(n.name);
  }
  // Anything else of ours: canary containers, helper containers.
  for (const c of await d.listContainers({ all: true, filters: { label: [clusterLabel] } })) {
    await d.getContainer(c.Id).remove({ force: true, v: true }).catch(ignore404);
  }
  for (const v of (await d.listVolumes({ filters: { label: [clusterLabel] } })).Volumes ?? []) {
    await d.getVolume(v.Name).remove().catch(ignore404);
  }
  for (const n of await d.listNetworks({ filters: { label: [clusterLabel] } })) {
    progress(`remove network ${n.Name}`);
    await unguardEgress(n.Id);
    await d.getNetwork(n.Id).remove().catch(ignore404);
  }
  await sweepHostLeftovers(s, progress);
  rmSync(localKubeconfigPath(), { force: true });
}

/**
 * Removes cgroups the kubelets of vanished nodes left under /sys/fs/cgroup/<ctrl>/gauntlet.
 * Their processes died with the node's PID namespace; empty cgroups stay until removed
 * depth first.
 */
export async function sweepHostLeftovers(s: ClusterSettings, progress: Progress = () => {}): Promise<void> {
  const live = new Set((await listNodes(s)).filter((n) => n.running).map((n) => n.name));
  const root = '/sys/fs/cgroup';
  if (!existsSync(root)) return;
  let removed = 0;
  for (const ctrl of readdirSync(root)) {
    const base = join(root, ctrl, 'gauntlet');
    if (lstatSync(join(root, ctrl)).isSymbolicLink() || !existsSync(base)) continue;
    for (const node of readdirSync(base, { withFileTypes: true })) {
      if (!node.isDirectory() || live.has(node.name)) continue;
      removed += removeCgroupTree(join(base, node.name));
    }
    // With no node left, the parent goes too: `cluster down` leaves no cgroup of ours.
    if (live.size === 0) removed += removeCgroupTree(base);
  }
  if (removed > 0) progress(`removed ${removed} leftover cgroups`);
}

function removeCgroupTree(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += removeCgroupTree(join(dir, e.name));
  }
  try {
    rmdirSync(dir);
    n++;
  } catch {
    // A cgroup that still holds a process stays; the next sweep tries again.
  }
  return n;
}
