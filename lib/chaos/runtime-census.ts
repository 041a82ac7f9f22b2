/**
 * Which gVisor processes run on a node, and whether each belongs to a pod the API says is
 * running there. gVisor names its processes `runsc-sandbox` (the sentry of one pod) and
 * `runsc-gofer` (file proxy of one container); their arguments carry the container id in
 * `--bundle`/`--log` paths under `.../k8s.io/<id>`. containerd's container labels map an id
 * to its pod uid. A process whose pod is not running on the node is an orphan.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { NodeShell } from '../node-access/node-shell.js';

export interface RuntimeProcess {
  pid: number;
  role: 'sandbox' | 'gofer';
  /** Container (or pod sandbox) id the process serves. */
  containerId: string;
}

/** Pure: gVisor processes from `ps -eo pid=,args=` output. */
export function parseRuntimeProcesses(ps: string): RuntimeProcess[] {
  const out: RuntimeProcess[] = [];
  for (const line of ps.split('\n')) {
    const m = /^\s*(\d+)\s+(runsc-sandbox|runsc-gofer)\s(.*)$/.exec(line);
    if (!m?.[1] || !m[2] || m[3] === undefined) continue;
    const id = /k8s\.io\/([0-9a-f]{64})\b/.exec(m[3])?.[1] ?? /\s([0-9a-f]{64})\s*$/.exec(m[3])?.[1];
    if (!id) continue;
    out.push({ pid: Number(m[1]), role: m[2] === 'runsc-sandbox' ? 'sandbox' : 'gofer', containerId: id });
  }
  return out;
}

export interface RuntimeCensus {
  processes: (RuntimeProcess & { podUid: string | undefined })[];
  /** Pod uids that have a runsc-sandbox process. */
  sandboxPods: string[];
  /** Processes whose pod is not running on the node (or unknown to containerd). */
  orphans: (RuntimeProcess & { podUid: string | undefined })[];
  /** Running runsc pods of the node without a sandbox process. */
  podsWithoutSandbox: string[];
}

/** Pure: compare processes (with their pod uids) against the runsc pods the API reports running on the node. */
export function judgeCensus(processes: (RuntimeProcess & { podUid: string | undefined })[], runningRunscPods: readonly V1Pod[]): RuntimeCensus {
  const running = new Set(runningRunscPods.map((p) => p.metadata?.uid ?? ''));
  const sandboxPods = [...new Set(processes.filter((p) => p.role === 'sandbox' && p.podUid).map((p) => p.podUid as string))];
  return {
    processes,
    sandboxPods,
    orphans: processes.filter((p) => !p.podUid || !running.has(p.podUid)),
    podsWithoutSandbox: [...running].filter((uid) => !sandboxPods.includes(uid)),
  };
}

/** Pod uid of a containerd container (CRI label), undefined when containerd does not know the id. */
async function podUidOf(shell: NodeShell, node: string, id: string): Promise<string | undefined> {
  try {
    const info = JSON.parse(await shell.exec(node, ['ctr', '-n', 'k8s.io', 'containers', 'info', id])) as { Labels?: Record<string, string> };
    return info.Labels?.['io.kubernetes.pod.uid'];
  } catch {
    return undefined;
  }
}

export async function takeRuntimeCensus(shell: NodeShell, node: string, runningRunscPods: readonly V1Pod[]): Promise<RuntimeCensus> {
  const processes = parseRuntimeProcesses(await shell.exec(node, ['ps', '-eo', 'pid=,args=']));
  const uids = new Map<string, string | undefined>();
  for (const id of new Set(processes.map((p) => p.containerId))) uids.set(id, await podUidOf(shell, node, id));
  return judgeCensus(processes.map((p) => ({ ...p, podUid: uids.get(p.containerId) })), runningRunscPods);
}

export const describeCensus = (c: RuntimeCensus): string =>
  `${c.processes.filter((p) => p.role === 'sandbox').length} runsc-sandbox and ${c.processes.filter((p) => p.role === 'gofer').length} runsc-gofer processes for ${c.sandboxPods.length} pods; ` +
  `${c.orphans.length} orphaned${c.orphans.length ? ` (${c.orphans.map((o) => `${o.role} pid ${o.pid} of ${o.containerId.slice(0, 12)}, pod ${o.podUid ?? 'unknown'}`).join('; ')})` : ''}; ` +
  `${c.podsWithoutSandbox.length} running runsc pods without a sandbox`;
