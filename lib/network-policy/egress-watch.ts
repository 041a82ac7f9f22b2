/**
 * A tenant pod's view of its egress, line by line: every few hundred milliseconds it tries a
 * canary pod it must lose, a platform service it must keep, and DNS through kube-dns, and
 * prints what worked with its clock. From those lines: when the policy took hold, and
 * whether what it allows still answers. Pure, apart from the pod spec's script.
 */

/** Interval of the client's loop; the resolution of the enforcement time. */
export const egressProbeIntervalMs = 200;
/** Consecutive blocked tries, to the end of the record, that count as "stopped" (not a blip). */
export const stoppedAfterTries = 5;

/** skip: the target was not given (the matrix's hardened namespace allows nothing but DNS). */
export type Reach = 'ok' | 'fail' | 'skip';
export interface EgressLine {
  t: number;
  victim: Reach;
  service: Reach;
  dns: Reach;
}

/**
 * bash for the tools image: a TCP GET to each target, "ok" only when the answer carries the
 * canary token (so a connection to something else never counts), and a DNS lookup.
 */
export function egressClientScript(): string {
  return [
    'get() { local out; out=$(timeout 1 bash -c \'exec 3<>/dev/tcp/$0/$1 && printf "GET / HTTP/1.0\\r\\n\\r\\n" >&3 && cat <&3\' "$1" "$2" 2>/dev/null) || { echo fail; return; };',
    '  case "$out" in *"$CANARY_TOKEN"*) echo ok;; *) echo fail;; esac; }',
    'while :; do',
    '  t=$(date +%s%3N)',
    '  if timeout 1 getent hosts "$DNS_NAME" >/dev/null; then d=ok; else d=fail; fi',
    '  if [ -n "$SERVICE_IP" ]; then s=$(get "$SERVICE_IP" "$SERVICE_PORT"); else s=skip; fi',
  '  echo "egress t=$t victim=$(get "$VICTIM_IP" "$VICTIM_PORT") service=$s dns=$d"',
    `  sleep ${egressProbeIntervalMs / 1000}`,
    'done',
  ].join('\n');
}

const lineRe = /^egress t=(\d+) victim=(ok|fail) service=(ok|fail|skip) dns=(ok|fail)$/;

export function parseEgressLines(log: string): EgressLine[] {
  const out: EgressLine[] = [];
  for (const raw of log.split('\n')) {
    const m = lineRe.exec(raw.trim());
    if (m) out.push({ t: Number(m[1]), victim: m[2] as Reach, service: m[3] as Reach, dns: m[4] as Reach });
  }
  return out;
}

export type EnforcementVerdict =
  | { kind: 'enforced'; afterMs: number; stoppedAt: number; allowedKept: boolean; detail: string }
  | { kind: 'not-yet'; detail: string };

/**
 * Judges the lines after the policy was applied at `appliedAt` (same clock as the pod's): the
 * victim is stopped when every try from some point on failed, at least `stoppedAfterTries`
 * of them; the allowed traffic was kept when the last tries reached the service and DNS.
 */
export function judgeEnforcement(lines: readonly EgressLine[], appliedAt: number): EnforcementVerdict {
  const after = lines.filter((l) => l.t >= appliedAt);
  let firstOfRun = after.length;
  while (firstOfRun > 0 && after[firstOfRun - 1]?.victim === 'fail') firstOfRun--;
  const run = after.slice(firstOfRun);
  const lastOk = after[firstOfRun - 1];
  if (run.length < stoppedAfterTries) {
    return {
      kind: 'not-yet',
      detail: `${after.length} tries since the policy was applied; the victim last answered ${lastOk ? `${lastOk.t - appliedAt} ms after it` : 'never since'}, ${run.length} blocked tries since`,
    };
  }
  const stoppedAt = run[0]?.t ?? appliedAt;
  const tail = run.slice(-stoppedAfterTries);
  const allowedKept = tail.every((l) => l.service !== 'fail' && l.dns === 'ok');
  return {
    kind: 'enforced',
    afterMs: stoppedAt - appliedAt,
    stoppedAt,
    allowedKept,
    detail: `victim blocked from ${stoppedAt - appliedAt} ms after the policy (${run.length} tries in a row); last ${tail.length} tries: service ${tail.map((l) => l.service).join(',')}, dns ${tail.map((l) => l.dns).join(',')}`,
  };
}

/** Before the policy, everything must answer: otherwise a later block proves nothing. */
export function reachableBefore(lines: readonly EgressLine[], appliedAt: number, needed = 3): boolean {
  return lines.filter((l) => l.t < appliedAt && l.victim === 'ok' && l.service !== 'fail' && l.dns === 'ok').length >= needed;
}
