/**
 * Every host process one pod costs on its node, read as root through a NodeShell (docker exec
 * locally, the node agent elsewhere), each with its memory (smaps_rollup) and CPU (stat).
 *
 * How a process is tied to the pod, without guessing from names: containerd keeps a bundle
 * directory per container and per pod sandbox (`<state>/io.containerd.runtime.v2.task/<ns>/<id>`,
 * its config.json carrying the CRI annotations `io.kubernetes.cri.sandbox-id` and `-uid`, its
 * init.pid). From the pod's container ids (its API status) the script finds their bundles, the
 * sandbox id they name, and checks that sandbox's uid is the pod's. Then a process belongs to
 * the pod when its working directory is one of those bundles (containerd starts each shim
 * there), its command line names one of the ids (runsc-sandbox, runsc-gofer, `runsc wait`), it
 * is a bundle's init.pid (pause, runc's container process), or its parent belongs (the
 * container's children, the Sentry's systrap stubs).
 *
 * The ids travel on stdin, so the script's own command line names none of them.
 */
import { GauntletError } from '../errors.js';
import type { NodeShell } from '../node-access/node-shell.js';
import type { Runtime } from '../runtimes.js';
import { requiredKinds, type ProcessKind } from './kinds.js';
import { cpuMsOf, parseProcStat, parseSmapsRollup, type MemoryRollup, type ProcStat } from './proc-parse.js';

/** A pod's processes could not be found on its node (or not all that its runtime must have). */
export class PodProcessesNotFoundError extends GauntletError {
  override readonly name = 'PodProcessesNotFoundError';
}

// Line kinds: tick, bundle, missing, proc, stat, smaps (tab-separated; argv joined by 0x1f).
export const readScript = `
set -u
read uid
ids_in=""
while read c; do [ -n "$c" ] && ids_in="$ids_in $c"; done
printf 'tick\\t%s\\n' "$(getconf CLK_TCK 2>/dev/null || echo 100)"
bundle_of() {
  for d in /run/containerd/io.containerd.runtime.v2.task/*/"$1" /run/k3s/containerd/io.containerd.runtime.v2.task/*/"$1"; do
    [ -f "$d/config.json" ] && { echo "$d"; return 0; }
  done
  return 1
}
ann() { grep -o "\\"$2\\":\\"[^\\"]*\\"" "$1/config.json" | head -n1 | sed 's/.*:"\\(.*\\)"$/\\1/'; }
ids=""; inits=""; sandboxes=""
emit_bundle() {
  ip=$(cat "$1/init.pid" 2>/dev/null || true)
  printf 'bundle\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\n' "\${1##*/}" "$1" "$(ann "$1" io.kubernetes.cri.container-type)" "$(ann "$1" io.kubernetes.cri.sandbox-id)" "$(ann "$1" io.kubernetes.cri.sandbox-uid)" "$ip"
  ids="$ids \${1##*/}"; [ -n "$ip" ] && inits="$inits $ip"
}
for c in $ids_in; do
  d=$(bundle_of "$c") || { printf 'missing\\t%s\\n' "$c"; continue; }
  emit_bundle "$d"
  s=$(ann "$d" io.kubernetes.cri.sandbox-id)
  case " $sandboxes $ids " in *" $s "*) ;; *) [ -n "$s" ] && sandboxes="$sandboxes $s";; esac
done
for s in $sandboxes; do
  d=$(bundle_of "$s") || { printf 'missing\\t%s\\n' "$s"; continue; }
  emit_bundle "$d"
done
[ -n "$ids" ] || exit 0
set --
for id in $ids; do set -- "$@" -e "$id"; done
named=$(grep -laF "$@" /proc/[0-9]*/cmdline 2>/dev/null | sed 's#^/proc/\\([0-9]*\\)/cmdline$#\\1#' | tr '\\n' ' ')
for p in /proc/[0-9]*; do
  pid=\${p#/proc/}
  [ "$pid" = $$ ] && continue
  st=$(cat "$p/stat" 2>/dev/null) || continue
  ppid=$(echo "\${st##*) }" | cut -d' ' -f2)
  why=-
  cwd=$(readlink "$p/cwd" 2>/dev/null || true)
  for id in $ids; do [ "\${cwd##*/}" = "$id" ] && why=cwd; done
  case " $named " in *" $pid "*) why=cmdline;; esac
  case " $inits " in *" $pid "*) why=init;; esac
  echo "$pid $ppid $why"
done | awk '{ pp[$1] = $2; if ($3 != "-") sel[$1] = $3 }
  END { do { grew = 0; for (p in pp) if (!(p in sel) && (pp[p] in sel)) { sel[p] = "child"; grew = 1 } } while (grew); for (p in sel) print p, sel[p] }' |
while read pid why; do
  printf 'proc\\t%s\\t%s\\t%s\\t%s\\n' "$pid" "$why" "$(readlink /proc/$pid/cwd 2>/dev/null)" "$(tr '\\0' '\\037' < /proc/$pid/cmdline 2>/dev/null)"
  printf 'stat\\t%s\\t%s\\n' "$pid" "$(cat /proc/$pid/stat 2>/dev/null)"
  sed "s/^/smaps\\t$pid\\t/" /proc/$pid/smaps_rollup 2>/dev/null
done
`;

export interface Bundle {
  id: string;
  dir: string;
  /** CRI's io.kubernetes.cri.container-type: sandbox | container. */
  type: string;
  sandboxId: string;
  sandboxUid: string;
  initPid: number | undefined;
}

export interface RawProcess {
  pid: number;
  /** Why it was taken: cwd (a bundle), cmdline (names an id), init (a bundle's init.pid), child (of one taken). */
  why: 'cwd' | 'cmdline' | 'init' | 'child';
  cwd: string;
  argv: string[];
  stat: ProcStat | undefined;
  memory: MemoryRollup | undefined;
}

export interface NodeReading {
  clockTicks: number;
  bundles: Bundle[];
  /** Ids asked for whose bundle is not on the node. */
  missing: string[];
  processes: RawProcess[];
}

/** Pure: the script's output. */
export function parseNodeReading(out: string): NodeReading {
  const r: NodeReading = { clockTicks: 100, bundles: [], missing: [], processes: [] };
  const procs = new Map<number, RawProcess>();
  const smaps = new Map<number, string[]>();
  for (const line of out.split('\n')) {
    const f = line.split('\t');
    const kind = f[0];
    if (kind === 'tick') r.clockTicks = Number(f[1]) > 0 ? Number(f[1]) : 100;
    else if (kind === 'bundle' && f.length >= 7) {
      const ip = Number(f[6]);
      r.bundles.push({ id: f[1] ?? '', dir: f[2] ?? '', type: f[3] ?? '', sandboxId: f[4] ?? '', sandboxUid: f[5] ?? '', initPid: f[6] !== '' && Number.isInteger(ip) ? ip : undefined });
    } else if (kind === 'missing' && f[1]) r.missing.push(f[1]);
    else if (kind === 'proc' && f.length >= 5) {
      const pid = Number(f[1]);
      const why = f[2] === 'cwd' || f[2] === 'cmdline' || f[2] === 'init' ? f[2] : 'child';
      procs.set(pid, { pid, why, cwd: f[3] ?? '', argv: (f.slice(4).join('\t')).split('\x1f').filter((a) => a !== ''), stat: undefined, memory: undefined });
    } else if (kind === 'stat' && f.length >= 3) {
      const p = procs.get(Number(f[1]));
      if (p) p.stat = parseProcStat(f.slice(2).join('\t'));
    } else if (kind === 'smaps' && f.length >= 3) {
      const pid = Number(f[1]);
      smaps.set(pid, [...(smaps.get(pid) ?? []), f.slice(2).join('\t')]);
    }
  }
  for (const p of procs.values()) p.memory = parseSmapsRollup((smaps.get(p.pid) ?? []).join('\n'));
  // A process that ended between the scan and its details has no stat: not the pod's any more.
  r.processes = [...procs.values()].filter((p) => p.stat !== undefined).sort((a, b) => a.pid - b.pid);
  return r;
}

/** One process of the pod: its memory rollup (proc-parse.ts) with who it is. */
export interface PodProcess extends MemoryRollup {
  pid: number;
  kind: ProcessKind;
  /** argv[0], as the process names itself (runsc-sandbox, containerd-shim-runsc-v1, /pause). */
  name: string;
  /** CPU ms so far, itself and the children it reaped. */
  cpuMs: number;
  starttime: number;
}

export interface PodRef {
  namespace: string;
  name: string;
  uid: string;
  runtime: Runtime;
  node: string;
  /** From the pod's status (containerStatuses[].containerID), without the `containerd://` prefix. */
  containerIds: string[];
}

export interface PodProcessReading {
  sandboxId: string;
  clockTicks: number;
  processes: PodProcess[];
}

const base = (argv0: string): string => argv0.slice(argv0.lastIndexOf('/') + 1);

/** Pure: each process's kind. Names first (the runtime's own binaries), then the pod's structure. */
export function classify(reading: NodeReading): Map<number, ProcessKind> {
  const kinds = new Map<number, ProcessKind>();
  const sandboxInit = new Set(reading.bundles.filter((b) => b.type === 'sandbox').flatMap((b) => (b.initPid === undefined ? [] : [b.initPid])));
  const containerInit = new Set(reading.bundles.filter((b) => b.type !== 'sandbox').flatMap((b) => (b.initPid === undefined ? [] : [b.initPid])));
  const byPid = new Map(reading.processes.map((p) => [p.pid, p]));
  const kindOf = (p: RawProcess, depth = 0): ProcessKind => {
    const seen = kinds.get(p.pid);
    if (seen) return seen;
    const name = base(p.argv[0] ?? p.stat?.comm ?? '');
    let k: ProcessKind;
    if (name.startsWith('containerd-shim')) k = 'shim';
    else if (name === 'runsc-sandbox') k = 'sentry';
    else if (name === 'runsc-gofer') k = 'gofer';
    else if (name === 'runsc') k = 'runsc';
    else if (sandboxInit.has(p.pid)) k = 'pause';
    else if (containerInit.has(p.pid)) k = 'workload';
    else {
      const parent = p.stat ? byPid.get(p.stat.ppid) : undefined;
      const pk = parent && depth < 64 ? kindOf(parent, depth + 1) : undefined;
      // The Sentry's children are its systrap stubs: the address spaces the application runs in.
      k = pk === 'sentry' || pk === 'app' ? 'app' : pk === 'workload' ? 'workload' : 'other';
    }
    kinds.set(p.pid, k);
    return k;
  };
  for (const p of reading.processes) kindOf(p);
  return kinds;
}

/**
 * Pure: the pod's processes from a node reading, or why they cannot be the pod's: a container
 * whose bundle is not on the node, a sandbox that is another pod's, or a kind the runtime must
 * show that is missing (a runsc pod without a Sentry is not sandboxed as it claims).
 */
export function podProcesses(pod: PodRef, reading: NodeReading): PodProcessReading {
  const where = `pod ${pod.namespace}/${pod.name} (${pod.runtime}) on node ${pod.node}`;
  if (pod.containerIds.length === 0) throw new PodProcessesNotFoundError(`${where}: its status names no container id`, 'The pod has not started a container: wait until it runs.');
  if (reading.missing.length > 0) {
    throw new PodProcessesNotFoundError(`${where}: no containerd bundle for id(s) ${reading.missing.map((m) => m.slice(0, 12)).join(', ')} under <state>/io.containerd.runtime.v2.task/*/`, 'Is the pod on this node, and does the node run containerd with its state under /run/containerd or /run/k3s/containerd?');
  }
  const sandboxes = [...new Set(reading.bundles.filter((b) => b.type === 'sandbox').map((b) => b.id))];
  if (sandboxes.length !== 1) throw new PodProcessesNotFoundError(`${where}: expected one pod sandbox bundle, found ${sandboxes.length}`);
  const sandboxId = sandboxes[0] as string;
  const foreign = reading.bundles.filter((b) => b.sandboxUid !== pod.uid);
  if (foreign.length > 0) throw new PodProcessesNotFoundError(`${where}: bundle ${foreign[0]?.id.slice(0, 12)} belongs to pod uid ${foreign[0]?.sandboxUid || 'unknown'}, not ${pod.uid}`);
  const kinds = classify(reading);
  const processes: PodProcess[] = reading.processes.flatMap((p) => {
    if (!p.stat) return [];
    const m = p.memory;
    return [{
      pid: p.pid,
      kind: kinds.get(p.pid) ?? 'other',
      name: p.argv[0] ?? p.stat.comm,
      rssKb: m?.rssKb ?? 0,
      pssKb: m?.pssKb ?? 0,
      ...(m?.pssAnonKb !== undefined && { pssAnonKb: m.pssAnonKb }),
      ...(m?.pssFileKb !== undefined && { pssFileKb: m.pssFileKb }),
      ...(m?.pssShmemKb !== undefined && { pssShmemKb: m.pssShmemKb }),
      ...(m?.privateKb !== undefined && { privateKb: m.privateKb }),
      cpuMs: cpuMsOf(p.stat, reading.clockTicks),
      starttime: p.stat.starttime,
    }];
  });
  const absent = requiredKinds[pod.runtime].filter((k) => !processes.some((p) => p.kind === k));
  if (absent.length > 0) {
    throw new PodProcessesNotFoundError(
      `${where}: no ${absent.join(', ')} process for sandbox ${sandboxId.slice(0, 12)} (found: ${processes.map((p) => `${p.kind} ${p.pid}`).join(', ') || 'none'})`,
      pod.runtime === 'runsc' ? 'A running runsc pod without its Sentry, gofer or shim on the node is not sandboxed as its RuntimeClass says: look at the node.' : undefined,
    );
  }
  return { sandboxId, clockTicks: reading.clockTicks, processes };
}

/** The container ids of a pod's status, without the runtime's prefix. */
export const containerIdsOf = (statuses: readonly { containerID?: string }[] | undefined): string[] =>
  (statuses ?? []).flatMap((s) => (s.containerID ? [s.containerID.replace(/^[a-z0-9-]+:\/\//, '')] : []));

/** Reads the pod's processes on its node. */
export async function readPodProcesses(shell: NodeShell, pod: PodRef): Promise<PodProcessReading> {
  const out = await shell.exec(pod.node, ['sh', '-c', readScript], `${pod.uid}\n${pod.containerIds.join('\n')}\n`);
  return podProcesses(pod, parseNodeReading(out));
}
