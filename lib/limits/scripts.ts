/**
 * What the limits pods run: small programs for the workloads image's python3 and coreutils, each
 * bounded (a fixed allocation, a capped fork loop, a fixed write) and each printing how far it got,
 * so an enforced limit, a missed one and a dead sandbox can be told apart from the pod's log.
 */

/** Allocates `totalMiB` in `stepMiB` steps, touching every page; prints the running total; ends with "done: held N MiB". */
export const hogScript = `
import sys
total, step = int(sys.argv[1]), int(sys.argv[2])
held = []
for i in range(total // step):
    b = bytearray(step << 20)
    for o in range(0, len(b), 4096):
        b[o] = 1
    held.append(b)
    print(f"allocated {(i + 1) * step} MiB", flush=True)
print(f"done: held {total} MiB", flush=True)
`;

export const hogCommand = (totalMiB: number, stepMiB: number): string[] => ['python3', '-c', hogScript, String(totalMiB), String(stepMiB)];

/** Pure: the last "allocated N MiB" of a hog's log, and whether it held everything. */
export function parseHogLog(log: string): { allocatedMiB: number; done: boolean } {
  const all = [...log.matchAll(/allocated (\d+) MiB/g)].map((m) => Number(m[1]));
  return { allocatedMiB: all.at(-1) ?? 0, done: /done: held \d+ MiB/.test(log) };
}

/**
 * Forks sleepers up to `cap` (each child execs sleep at once, so it holds a PID and little
 * memory), stops at the first failed fork, prints "forked N of cap C; stopped by: ...", holds them
 * for `holdSeconds` (the harness reads the cgroup and starts a neighbour meanwhile; it deletes the
 * pod when done), then kills them. Progress every `every` forks.
 */
export const forkBombScript = `
import errno, os, sys, time
cap, hold, every = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
kids, why = [], "cap reached"
for i in range(cap):
    try:
        pid = os.fork()
    except OSError as e:
        why = f"{errno.errorcode.get(e.errno, e.errno)} ({e.strerror})"
        break
    if pid == 0:
        try:
            os.execv("/bin/sleep", ["sleep", "3600"])
        finally:
            os._exit(127)
    kids.append(pid)
    if len(kids) % every == 0:
        print(f"progress {len(kids)}", flush=True)
print(f"forked {len(kids)} of cap {cap}; stopped by: {why}", flush=True)
time.sleep(hold)
for p in kids:
    try:
        os.kill(p, 9)
    except OSError:
        pass
`;

export const forkBombCommand = (cap: number, holdSeconds: number, every: number): string[] => ['python3', '-c', forkBombScript, String(cap), String(holdSeconds), String(every)];

export interface ForkBombLog {
  /** Forks that succeeded: the final count, else the last progress line (the sandbox died mid-way). */
  forked: number;
  /** The bomb's own final line was printed (it stopped by itself: a refused fork or the cap). */
  finished: boolean;
  /** Why it stopped, in its own words ("EAGAIN (Resource temporarily unavailable)", "cap reached"). */
  stoppedBy?: string;
}

/** Pure: what a fork bomb's log says. */
export function parseForkBombLog(log: string): ForkBombLog {
  const final = /forked (\d+) of cap \d+; stopped by: (.+)/.exec(log);
  if (final) return { forked: Number(final[1]), finished: true, stoppedBy: (final[2] ?? '').trim() };
  const progress = [...log.matchAll(/progress (\d+)/g)].map((m) => Number(m[1]));
  return { forked: progress.at(-1) ?? 0, finished: false };
}

/** `cpuBusyLoops` shell busy loops, forever (the harness measures a window and deletes the pod). */
export const busyCommand = (loops: number): string[] => ['sh', '-c', `${Array.from({ length: loops }, () => 'while :; do :; done').join(' & ')}`];

/**
 * Writes `mib` MiB of zeros to each path (dd with fsync, so the blocks are allocated on disk, not
 * only dirty in the page cache), prints "wrote N MiB to <path>" after each, then sleeps
 * `holdSeconds` (an over-writer waits to be evicted; a control waits as long, then exits 0).
 */
export const writeCommand = (paths: readonly string[], mib: number, holdSeconds: number): string[] => [
  'sh',
  '-c',
  `${paths.map((p) => `dd if=/dev/zero of=${p} bs=1M count=${mib} conv=fsync status=none && echo "wrote ${mib} MiB to ${p}"`).join(' && ')} && sleep ${holdSeconds}`,
];
