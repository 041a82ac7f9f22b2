/**
 * A pod's cgroup on its node, read through node access: where it is (the kubelet's cgroup root,
 * driver and the pod's QoS class and UID), and its CPU and PID counters. Under runsc the pod's
 * cgroup holds the Sentry, the gofer and the systrap stubs: the host's view of the whole sandbox.
 * cgroup v1 (the local cluster: one hierarchy per controller) and v2 (one unified hierarchy).
 */
import { InfrastructureError } from '../errors.js';
import type { NodeShell } from '../node-access/node-shell.js';

export type CgroupVersion = 'v1' | 'v2';

export interface CgroupMounts {
  version: CgroupVersion;
  /** Mount point per controller (v1); every controller maps to the one unified mount under v2. */
  controller: (name: string) => string | undefined;
}

/** Pure: the cgroup mounts of /proc/self/mountinfo; v1 when any v1 hierarchy carries a resource controller. */
export function parseCgroupMounts(mountinfo: string): CgroupMounts {
  const v1 = new Map<string, string>();
  let unified: string | undefined;
  for (const line of mountinfo.split('\n')) {
    const [pre, post] = line.split(' - ');
    if (!pre || !post) continue;
    const mountPoint = pre.split(' ')[4];
    const [fsType, , superOptions = ''] = post.split(' ');
    if (!mountPoint) continue;
    if (fsType === 'cgroup2') unified ??= mountPoint;
    if (fsType === 'cgroup') for (const opt of superOptions.split(',')) if (!v1.has(opt)) v1.set(opt, mountPoint);
  }
  if (['cpu', 'cpuacct', 'pids', 'memory'].some((c) => v1.has(c))) return { version: 'v1', controller: (name) => v1.get(name) };
  if (unified) return { version: 'v2', controller: () => unified };
  throw new InfrastructureError('no cgroup hierarchy with the cpu, pids or memory controller in the node\'s mountinfo');
}

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/**
 * Pure: the pod's cgroup relative to a hierarchy's mount, as the kubelet names it:
 * cgroupfs `<root>/kubepods[/burstable|/besteffort]/pod<uid>`, systemd
 * `<root>/kubepods.slice[/kubepods-<qos>.slice]/kubepods[-<qos>]-pod<uid_>.slice`.
 */
export function podCgroupPath(o: { cgroupRoot: string; driver: 'cgroupfs' | 'systemd'; qos: QosClass; uid: string }): string {
  const root = o.cgroupRoot === '/' ? '' : o.cgroupRoot.replace(/\/$/, '');
  const qos = o.qos === 'Guaranteed' ? undefined : o.qos.toLowerCase();
  if (o.driver === 'cgroupfs') return `${root}/kubepods${qos ? `/${qos}` : ''}/pod${o.uid}`;
  const uid = o.uid.replace(/-/g, '_');
  return `${root}/kubepods.slice${qos ? `/kubepods-${qos}.slice` : ''}/kubepods${qos ? `-${qos}` : ''}-pod${uid}.slice`;
}

/** The marker a file that could not be read is reported with. */
const absent = '<absent>';

/** Pure: the reader's output (`path<TAB>content` lines, then `now<TAB>ns`) as a map; an unreadable file is undefined. */
export function parseFileDump(out: string): { files: Map<string, string | undefined>; nowNs: bigint } {
  const files = new Map<string, string | undefined>();
  let nowNs: bigint | undefined;
  for (const line of out.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const key = line.slice(0, tab);
    const value = line.slice(tab + 1).trim();
    if (key === 'now') nowNs = BigInt(value);
    else files.set(key, value === absent ? undefined : value);
  }
  if (nowNs === undefined) throw new InfrastructureError(`the node's file reader printed no clock: ${out.slice(0, 200)}`);
  return { files, nowNs };
}

const dumpScript = `for f in "$@"; do printf '%s\\t' "$f"; if [ -r "$f" ]; then tr '\\n' ' ' < "$f"; else printf '%s' '${absent}'; fi; echo; done; printf 'now\\t'; date +%s%N`;

/** Reads files on the node in one command, with the node's clock at the end. */
export async function readNodeFiles(shell: NodeShell, node: string, paths: readonly string[]): Promise<{ files: Map<string, string | undefined>; nowNs: bigint }> {
  return parseFileDump(await shell.exec(node, ['sh', '-c', dumpScript, 'sh', ...paths]));
}

/** Where one pod's cgroup is on its node. */
export interface PodCgroup {
  node: string;
  mounts: CgroupMounts;
  /** Relative to each hierarchy's mount. */
  path: string;
}

export async function locatePodCgroup(shell: NodeShell, node: string, o: Parameters<typeof podCgroupPath>[0]): Promise<PodCgroup> {
  const mounts = parseCgroupMounts(await shell.exec(node, ['cat', '/proc/self/mountinfo']));
  return { node, mounts, path: podCgroupPath(o) };
}

const fileOf = (c: PodCgroup, controller: string, file: string): string => {
  const mount = c.mounts.controller(controller);
  if (!mount) throw new InfrastructureError(`node ${c.node} has no cgroup hierarchy with the ${controller} controller`);
  return `${mount}${c.path}/${file}`;
};

/** One reading of a pod's CPU: cumulative usage, throttling, the quota, on the node's clock. */
export interface CpuSample {
  atNs: bigint;
  usageNs: bigint;
  throttledPeriods: number;
  /** The quota as cores (quota / period); undefined when unlimited. */
  quotaCores: number | undefined;
}

const statField = (stat: string | undefined, key: string): number | undefined => {
  const m = new RegExp(`(?:^|\\s)${key} (\\d+)`).exec(stat ?? '');
  return m ? Number(m[1]) : undefined;
};

/** Pure: a CPU sample from the files read (v1: cpuacct.usage, cpu.stat, cpu.cfs_*; v2: cpu.stat, cpu.max). */
export function cpuSampleFrom(version: CgroupVersion, get: (file: string) => string | undefined, atNs: bigint): CpuSample {
  const stat = get('cpu.stat');
  if (version === 'v1') {
    const usage = get('cpuacct.usage');
    if (usage === undefined) throw new InfrastructureError('the pod\'s cpuacct.usage could not be read (is the pod still there?)');
    const quota = Number(get('cpu.cfs_quota_us'));
    const period = Number(get('cpu.cfs_period_us'));
    return { atNs, usageNs: BigInt(usage), throttledPeriods: statField(stat, 'nr_throttled') ?? 0, quotaCores: quota > 0 && period > 0 ? quota / period : undefined };
  }
  const usec = statField(stat, 'usage_usec');
  if (usec === undefined) throw new InfrastructureError('the pod\'s cpu.stat has no usage_usec (is the pod still there?)');
  const [max = 'max', period = '100000'] = (get('cpu.max') ?? 'max').split(' ');
  return { atNs, usageNs: BigInt(usec) * 1000n, throttledPeriods: statField(stat, 'nr_throttled') ?? 0, quotaCores: max === 'max' ? undefined : Number(max) / Number(period) };
}

export async function readCpu(shell: NodeShell, c: PodCgroup): Promise<CpuSample> {
  const files = c.mounts.version === 'v1'
    ? { 'cpuacct.usage': fileOf(c, 'cpuacct', 'cpuacct.usage'), 'cpu.stat': fileOf(c, 'cpu', 'cpu.stat'), 'cpu.cfs_quota_us': fileOf(c, 'cpu', 'cpu.cfs_quota_us'), 'cpu.cfs_period_us': fileOf(c, 'cpu', 'cpu.cfs_period_us') }
    : { 'cpu.stat': fileOf(c, 'cpu', 'cpu.stat'), 'cpu.max': fileOf(c, 'cpu', 'cpu.max') };
  const read = await readNodeFiles(shell, c.node, Object.values(files));
  return cpuSampleFrom(c.mounts.version, (f) => read.files.get(files[f as keyof typeof files] ?? ''), read.nowNs);
}

/** Pure: cores used between two samples (CPU time over the node's wall time). */
export function coresBetween(a: CpuSample, b: CpuSample): number {
  const wall = Number(b.atNs - a.atNs);
  if (wall <= 0) throw new RangeError(`CPU samples out of order (${a.atNs} then ${b.atNs})`);
  return Number(b.usageNs - a.usageNs) / wall;
}

/** A pod's PID counters: the limit, how many now, the most ever, and how many forks the limit refused. */
export interface PidsSample {
  max: number | undefined;
  current: number | undefined;
  peak: number | undefined;
  refused: number | undefined;
}

/** Pure: the pids controller's files (pids.max "max" is no limit). */
export function pidsSampleFrom(get: (file: string) => string | undefined): PidsSample {
  const num = (v: string | undefined): number | undefined => (v === undefined || v === 'max' || !/^\d+$/.test(v) ? undefined : Number(v));
  return { max: num(get('pids.max')), current: num(get('pids.current')), peak: num(get('pids.peak')), refused: statField(get('pids.events'), 'max') };
}

export async function readPids(shell: NodeShell, c: PodCgroup): Promise<PidsSample> {
  const names = ['pids.max', 'pids.current', 'pids.peak', 'pids.events'];
  const paths = names.map((n) => fileOf(c, 'pids', n));
  const read = await readNodeFiles(shell, c.node, paths);
  return pidsSampleFrom((f) => read.files.get(paths[names.indexOf(f)] ?? ''));
}
