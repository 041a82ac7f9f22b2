import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, found from this file's location (lib/cluster/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const clusterFixtures = join(repoRoot, 'fixtures', 'cluster');

/** Pinned versions, read from the one file the build scripts source. */
export function readVersions(): Record<string, string> {
  const text = readFileSync(join(clusterFixtures, 'build', 'versions.sh'), 'utf8');
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m?.[1] && m[2] !== undefined) out[m[1]] = m[2];
  }
  return out;
}

/** Docker label every object of the local cluster carries; `cluster down` removes by it. */
export const clusterLabel = 'sandbox-gauntlet.dev/cluster';
export const roleLabel = 'sandbox-gauntlet.dev/node-role';

/**
 * Node groups as in the seeds' EKS: a gVisor group the installer DaemonSet rolls out to (its
 * node selector), and a standard group it leaves alone. The kubelet sets the label at join.
 */
export const nodeGroups = ['gvisor', 'standard'] as const;
export type NodeGroup = (typeof nodeGroups)[number];
export const nodeGroupLabel = 'sandbox-gauntlet.dev/node-group';

export interface WorkerSpec {
  name: string;
  group: NodeGroup;
}

export interface ClusterSettings {
  name: string;
  network: string;
  /** Node network; nodes get fixed addresses so a restarted worker keeps its IP. */
  subnet: string;
  gateway: string;
  podCidr: string;
  serviceCidr: string;
  controlPlaneName: string;
  /** Workers in address order: workers[i] gets nodeAddress(i + 1). */
  workers: WorkerSpec[];
  nodeImage: string;
}

/**
 * The embedded cluster's shape. The subnet can be moved with GAUNTLET_SUBNET
 * (a /24, e.g. 172.30.99.0/24) when it collides with a network of the machine.
 */
export function clusterSettings(): ClusterSettings {
  const name = 'gauntlet';
  const subnet = process.env.GAUNTLET_SUBNET ?? '172.30.99.0/24';
  return {
    name,
    network: `${name}-net`,
    subnet,
    gateway: hostAddress(subnet, 1),
    podCidr: '10.244.0.0/16',
    serviceCidr: '10.96.0.0/16',
    controlPlaneName: `${name}-control-plane`,
    // Two gVisor workers (node loss keeps one) and one standard worker.
    workers: [
      { name: `${name}-worker`, group: 'gvisor' },
      { name: `${name}-worker2`, group: 'gvisor' },
      { name: `${name}-worker3`, group: 'standard' },
    ],
    nodeImage: 'gauntlet-node:latest',
  };
}

/** The n-th host address of a /24 given as a.b.c.0/24. */
export function hostAddress(subnet: string, n: number): string {
  const m = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(subnet);
  if (!m) throw new Error(`subnet ${subnet} must be a /24 of the form a.b.c.0/24`);
  return `${m[1]}.${n}`;
}

/** Fixed address of a node by its index: control plane 10, workers 11 and up. */
export const nodeAddress = (s: ClusterSettings, index: number): string => hostAddress(s.subnet, 10 + index);
