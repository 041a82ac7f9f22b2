/**
 * What the kernel says about one process, parsed: /proc/<pid>/smaps_rollup (resident and
 * proportional memory) and /proc/<pid>/stat (CPU time in clock ticks). Pure.
 */

/** smaps_rollup's figures, kB. PSS divides each shared page among the processes that map it. */
export interface MemoryRollup {
  rssKb: number;
  pssKb: number;
  /** The PSS by backing (kernels ≥ 5.9 split it); absent on older kernels. */
  pssAnonKb?: number;
  pssFileKb?: number;
  pssShmemKb?: number;
  /** Pages mapped by this process alone (Private_Clean + Private_Dirty, its USS): what it adds to the node. */
  privateKb?: number;
}

const rollupKeys = { Rss: 'rssKb', Pss: 'pssKb', Pss_Anon: 'pssAnonKb', Pss_File: 'pssFileKb', Pss_Shmem: 'pssShmemKb', Private_Clean: 'privateCleanKb', Private_Dirty: 'privateDirtyKb' } as const;

/** Pure: smaps_rollup's lines (the `[rollup]` header line is skipped); undefined without Rss and Pss (a process gone, a kernel thread). */
export function parseSmapsRollup(text: string): MemoryRollup | undefined {
  const got: Partial<Record<(typeof rollupKeys)[keyof typeof rollupKeys], number>> = {};
  for (const line of text.split('\n')) {
    const m = /^(\w+):\s+(\d+) kB$/.exec(line.trim());
    if (!m?.[1] || m[2] === undefined) continue;
    const key = rollupKeys[m[1] as keyof typeof rollupKeys] as (typeof rollupKeys)[keyof typeof rollupKeys] | undefined;
    if (key) got[key] = Number(m[2]);
  }
  if (got.rssKb === undefined || got.pssKb === undefined) return undefined;
  const { privateCleanKb, privateDirtyKb, ...rest } = got;
  const privateKb = privateCleanKb !== undefined || privateDirtyKb !== undefined ? (privateCleanKb ?? 0) + (privateDirtyKb ?? 0) : undefined;
  return { ...rest, rssKb: got.rssKb, pssKb: got.pssKb, ...(privateKb !== undefined && { privateKb }) };
}

/** /proc/<pid>/stat's fields the overhead needs. Ticks are USER_HZ (`getconf CLK_TCK`). */
export interface ProcStat {
  pid: number;
  /** The kernel's comm (at most 15 characters; may hold spaces and parentheses). */
  comm: string;
  ppid: number;
  utime: number;
  stime: number;
  /** CPU of children this process waited for (runc create, runsc start): spent for the pod, gone from /proc. */
  cutime: number;
  cstime: number;
  /** Since boot, ticks. */
  starttime: number;
}

/**
 * Pure: one stat line. comm is everything between the first '(' and the LAST ')' (it may hold
 * either); the fields after it are numbered from 3 (state), as in proc(5).
 */
export function parseProcStat(line: string): ProcStat | undefined {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 1 || close < open) return undefined;
  const pid = Number(line.slice(0, open).trim());
  const rest = line.slice(close + 1).trim().split(/\s+/);
  // rest[0] is field 3 (state): field k is rest[k - 3].
  const field = (k: number): number => Number(rest[k - 3]);
  const stat = { pid, comm: line.slice(open + 1, close), ppid: field(4), utime: field(14), stime: field(15), cutime: field(16), cstime: field(17), starttime: field(22) };
  const numbers = [stat.pid, stat.ppid, stat.utime, stat.stime, stat.cutime, stat.cstime, stat.starttime];
  return numbers.every((n) => Number.isInteger(n) && n >= 0) ? stat : undefined;
}

/** CPU ms of a process and the children it reaped: (utime + stime + cutime + cstime) / CLK_TCK. */
export const cpuMsOf = (s: ProcStat, clockTicks: number): number => ((s.utime + s.stime + s.cutime + s.cstime) * 1000) / clockTicks;
