/**
 * Whether a reading taken during a fault shows the fault's effect, against the reading taken
 * before it. Pure, so each rule is unit tested; the thresholds are half the configured effect
 * (a fault that lands shows nearly all of it, one that does not shows none).
 */
export interface Judged {
  effect: boolean;
  detail: string;
}

export interface ConnectReading {
  ok: number;
  failed: number;
  p50Ms: number | null;
  errors: string[];
}

export interface EchoReading {
  sent: number;
  received: number;
}

/** The template's figures, which the judges compare with. */
export const faultFigures = { delayMs: 200, lossPercent: 50, timeOffsetMs: -3_600_000, ioDelayMs: 100 } as const;

const ms = (x: number): string => `${x.toFixed(1)} ms`;

/** A baseline that cannot show the effect makes the attempt meaningless: an error, never "no effect". */
export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

export function checkConnectBaseline(b: ConnectReading): void {
  if (b.ok === 0 || b.failed > 0 || b.p50Ms === null) throw new BaselineError(`before the fault the peer did not answer every connect (${b.ok} ok, ${b.failed} failed: ${b.errors.join(', ')})`);
}

export function judgePartition(during: ConnectReading): Judged {
  return during.ok === 0
    ? { effect: true, detail: `every connect to the peer failed during the partition (${during.failed} of ${during.failed}: ${during.errors.join(', ')})` }
    : { effect: false, detail: `${during.ok} of ${during.ok + during.failed} connects to the peer succeeded during the partition (p50 ${ms(during.p50Ms ?? 0)})` };
}

export function judgeDelay(before: ConnectReading, during: ConnectReading, delayMs: number = faultFigures.delayMs): Judged {
  if (during.p50Ms === null) return { effect: false, detail: `no connect succeeded during the delay (${during.errors.join(', ')})` };
  const added = during.p50Ms - (before.p50Ms ?? 0);
  return { effect: added >= delayMs / 2, detail: `TCP connect p50 ${ms(before.p50Ms ?? 0)} before, ${ms(during.p50Ms)} during: ${ms(added)} added of the ${delayMs} ms configured` };
}

export function checkEchoBaseline(b: EchoReading): void {
  if (b.received < b.sent * 0.95) throw new BaselineError(`before the fault only ${b.received} of ${b.sent} UDP echoes came back`);
}

export function judgeLoss(during: EchoReading, lossPercent: number = faultFigures.lossPercent): Judged {
  const lost = 100 * (1 - during.received / during.sent);
  return { effect: lost >= lossPercent / 2, detail: `${during.received} of ${during.sent} UDP echoes came back during the loss: ${lost.toFixed(0)} % lost of the ${lossPercent} % configured` };
}

/**
 * The pod's CPU use, from the kubelet's cgroup counters, before and during StressChaos cpu:
 * one stress-ng worker at 100 % load inside the pod's 500m limit adds up to half a core; the
 * effect is half of that. A CPU-bound loop timed inside the pod was tried first: on a loaded
 * 2-core host its own contention hid the stressor (1.16x with stress-ng seen running in the cgroup).
 */
export function judgeCpuCores(beforeCores: number, duringCores: number, expectedCores = 0.5): Judged {
  const added = duringCores - beforeCores;
  return { effect: added >= expectedCores / 2, detail: `the pod used ${beforeCores.toFixed(2)} cores before and ${duringCores.toFixed(2)} during the stress (${added.toFixed(2)} added; about ${expectedCores} expected within its CPU limit)` };
}

export function judgeClock(offsetBeforeMs: number, offsetDuringMs: number, expectedMs: number = faultFigures.timeOffsetMs): Judged {
  const moved = offsetDuringMs - offsetBeforeMs;
  return {
    effect: Math.abs(moved - expectedMs) <= Math.abs(expectedMs) / 2,
    detail: `the pod's CLOCK_REALTIME minus the harness's: ${(offsetBeforeMs / 1000).toFixed(1)} s before, ${(offsetDuringMs / 1000).toFixed(1)} s during (configured ${expectedMs / 1000} s)`,
  };
}

export function judgeFileOps(beforeMs: number, duringMs: number, delayMs: number = faultFigures.ioDelayMs): Judged {
  const added = duringMs - beforeMs;
  return { effect: added >= delayMs / 2, detail: `create-write-fsync-remove on /scratch p50 ${ms(beforeMs)} before, ${ms(duringMs)} during (${ms(added)} added; ${delayMs} ms per operation configured)` };
}

export function judgeMemory(beforeBytes: number, duringBytes: number, sizeBytes: number): Judged {
  const added = duringBytes - beforeBytes;
  const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;
  return { effect: added >= sizeBytes / 2, detail: `the pod's working set ${mib(beforeBytes)} before, ${mib(duringBytes)} during (${mib(added)} added of ${mib(sizeBytes)} configured)` };
}
