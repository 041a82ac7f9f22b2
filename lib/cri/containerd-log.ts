/**
 * Where a pod start goes inside the node's runtime, from containerd's own CRI log lines (info
 * level, stamped in nanoseconds by containerd): RunPodSandbox (the sandbox: pause, network, and
 * for runsc the Sentry's boot), CreateContainer and StartContainer, each from its request line to
 * its "returns" line, matched to the pod by its UID. Pure: journal text in, phases out.
 *
 *   time="2026-12-01T15:31:35.076433678Z" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:p,Uid:<uid>,...}"
 *   ... msg="RunPodSandbox for &PodSandboxMetadata{...Uid:<uid>...} returns sandbox id \"<sid>\""
 *   ... msg="CreateContainer within sandbox \"<sid>\" for container &ContainerMetadata{Name:probe,...}"
 *   ... msg="CreateContainer within sandbox \"<sid>\" for &ContainerMetadata{...} returns container id \"<cid>\""
 *   ... msg="StartContainer for \"<cid>\""
 *   ... msg="StartContainer for \"<cid>\" returns successfully"
 *   ... msg="StopPodSandbox for \"<sid>\" returns successfully"      (the pod deleted: Sentry and network gone)
 */

/** Durations in ms (sub-millisecond precision kept). */
export interface CriPhases {
  /** RunPodSandbox request → its sandbox id returned. */
  criSandbox: number;
  /** Sandbox returned → CreateContainer requested: the kubelet's own work in between (image check, config). */
  criKubeletGap: number;
  /** CreateContainer request → container id returned. */
  criCreate: number;
  /** StartContainer request → returns successfully. */
  criStart: number;
  /** RunPodSandbox request → StartContainer returned: the runtime's whole share of the start. */
  criRuntime: number;
  /** Absolute epoch ms (node clock) of StartContainer's return, to compare with the API's view. */
  startedAtEpochMs: number;
  /** The sandbox's id, whose StopPodSandbox says when the pod's sandbox is torn down. */
  sandboxId: string;
}

export const criPhaseNames = ['criSandbox', 'criKubeletGap', 'criCreate', 'criStart', 'criRuntime'] as const;

interface Marks {
  sandboxRequested?: number;
  sandboxReturned?: number;
  sandboxId?: string;
  createRequested?: number;
  createReturned?: number;
  containerId?: string;
  startRequested?: number;
  startReturned?: number;
}

/** `2026-12-01T15:31:35.076433678Z` → epoch ms with the sub-ms digits kept. */
export function epochMsOf(stamp: string): number | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(stamp);
  if (!m) return undefined;
  const whole = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(whole)) return undefined;
  const frac = m[2] ?? '';
  return whole + (frac === '' ? 0 : Number(`0.${frac}`) * 1000);
}

const lineRe = /time="([^"]+)"\s+level=\w+\s+msg="((?:[^"\\]|\\.)*)"/;
const unescape = (s: string): string => s.replace(/\\"/g, '"').replace(/\\\\/g, '\\');

/**
 * Pure: CRI phases per pod UID for the container named `container`, from containerd's log text.
 * A pod whose lines are incomplete (the window started late, a line was lost) is left out.
 */
export function criPhasesFromLog(text: string, container: string): Map<string, CriPhases> {
  const byUid = new Map<string, Marks>();
  const uidOfSandbox = new Map<string, string>();
  const uidOfContainer = new Map<string, string>();
  const marks = (uid: string): Marks => byUid.get(uid) ?? (byUid.set(uid, {}), byUid.get(uid) as Marks);
  for (const line of text.split('\n')) {
    const m = lineRe.exec(line);
    if (!m) continue;
    const at = epochMsOf(m[1] ?? '');
    if (at === undefined) continue;
    const msg = unescape(m[2] ?? '');
    let x: RegExpExecArray | null;
    if ((x = /^RunPodSandbox for &PodSandboxMetadata\{[^}]*Uid:([0-9a-f-]+)[^}]*\}(?: returns sandbox id "([0-9a-f]+)")?$/.exec(msg))) {
      const uid = x[1] ?? '';
      if (x[2]) {
        marks(uid).sandboxReturned = at;
        marks(uid).sandboxId = x[2];
        uidOfSandbox.set(x[2], uid);
      } else marks(uid).sandboxRequested = at;
    } else if ((x = /^CreateContainer within sandbox "([0-9a-f]+)" for (?:container )?&ContainerMetadata\{Name:([^,}]+)[^}]*\}(?: returns container id "([0-9a-f]+)")?$/.exec(msg))) {
      const uid = uidOfSandbox.get(x[1] ?? '');
      if (uid === undefined || x[2] !== container) continue;
      if (x[3]) {
        marks(uid).createReturned = at;
        marks(uid).containerId = x[3];
        uidOfContainer.set(x[3], uid);
      } else marks(uid).createRequested = at;
    } else if ((x = /^StartContainer for "([0-9a-f]+)"( returns successfully)?$/.exec(msg))) {
      const uid = uidOfContainer.get(x[1] ?? '');
      if (uid === undefined) continue;
      if (x[2]) marks(uid).startReturned = at;
      else marks(uid).startRequested = at;
    }
  }
  const out = new Map<string, CriPhases>();
  for (const [uid, k] of byUid) {
    const { sandboxRequested: a, sandboxReturned: b, createRequested: c, createReturned: d, startRequested: e, startReturned: f, sandboxId } = k;
    if (a === undefined || b === undefined || c === undefined || d === undefined || e === undefined || f === undefined || sandboxId === undefined) continue;
    out.set(uid, { criSandbox: b - a, criKubeletGap: c - b, criCreate: d - c, criStart: f - e, criRuntime: f - a, startedAtEpochMs: f, sandboxId });
  }
  return out;
}

/** Pure: the sandbox ids whose StopPodSandbox returned successfully in the log text. */
export function stoppedSandboxes(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const m = lineRe.exec(line);
    const x = m && /^StopPodSandbox for "([0-9a-f]+)" returns successfully$/.exec(unescape(m[2] ?? ''));
    if (x?.[1]) out.add(x[1]);
  }
  return out;
}
