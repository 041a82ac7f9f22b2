/**
 * Resident memory of the running local cluster, per node: the processes in the node
 * container's cgroup (systemd, containerd, kubelet, ...) plus those under the kubelet's
 * cgroup root `/gauntlet/<node>` (its pods). Docker's own stats read only the first, and
 * count page cache; this sums VmRSS from /proc, so shared pages count once per process.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface NodeMemory {
  node: string;
  /** Node daemons: everything in the container's cgroup. */
  daemonsKiB: number;
  /** Pods: everything under the kubelet's cgroup root. */
  podsKiB: number;
  processes: number;
}

/** Pure: which node (and part) a process belongs to, from its /proc/<pid>/cgroup text. */
export function attribute(cgroupText: string, nodes: readonly { id: string; name: string }[]): { node: string; part: 'daemons' | 'pods' } | undefined {
  for (const n of nodes) {
    if (cgroupText.includes(`/gauntlet/${n.name}/`) || cgroupText.includes(`/gauntlet/${n.name}\n`)) return { node: n.name, part: 'pods' };
  }
  for (const n of nodes) if (n.id !== '' && cgroupText.includes(n.id)) return { node: n.name, part: 'daemons' };
  return undefined;
}

/** Pure: VmRSS in KiB from /proc/<pid>/status text (0 for kernel threads). */
export function rssKiB(statusText: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(statusText);
  return m ? Number(m[1]) : 0;
}

/** Reads /proc of this machine (the cluster's host). */
export function nodeMemory(nodes: readonly { id: string; name: string }[]): NodeMemory[] {
  const out = new Map<string, NodeMemory>(nodes.map((n) => [n.name, { node: n.name, daemonsKiB: 0, podsKiB: 0, processes: 0 }]));
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cgroup: string;
    let status: string;
    try {
      cgroup = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      continue; // the process ended while we read
    }
    const who = attribute(cgroup, nodes);
    const m = who && out.get(who.node);
    if (!who || !m) continue;
    if (who.part === 'pods') m.podsKiB += rssKiB(status);
    else m.daemonsKiB += rssKiB(status);
    m.processes++;
  }
  return [...out.values()];
}
