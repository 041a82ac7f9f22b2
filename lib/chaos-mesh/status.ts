/**
 * A chaos resource's own account of itself (Chaos Mesh api/v1alpha1/common_types.go):
 * `status.conditions` (Selected, AllInjected, AllRecovered, Paused) and, per target,
 * `status.experiment.containerRecords[]` with its phase and its events (`type` Succeeded or
 * Failed, `operation` Apply or Recover, Chaos Mesh's `message`). The harness never assumes
 * a fault took effect: it waits on these, and then looks for the effect itself.
 */
export interface ChaosEvent {
  type?: string;
  operation?: string;
  message?: string;
  timestamp?: string;
}

export interface ChaosRecord {
  id?: string;
  phase?: string;
  injectedCount?: number;
  recoveredCount?: number;
  events?: ChaosEvent[];
}

export interface ChaosStatus {
  conditions?: { type?: string; status?: string; reason?: string }[];
  experiment?: { desiredPhase?: string; containerRecords?: ChaosRecord[] };
}

export const conditionTrue = (s: ChaosStatus | undefined, type: string): boolean =>
  s?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;

/** The failure messages of Apply (or Recover) events: Chaos Mesh's own error text. */
export function failedEvents(s: ChaosStatus | undefined, operation: 'Apply' | 'Recover'): string[] {
  return (s?.experiment?.containerRecords ?? []).flatMap((r) =>
    (r.events ?? []).filter((e) => e.type === 'Failed' && e.operation === operation).map((e) => `${r.id ?? '?'}: ${e.message ?? 'no message'}`),
  );
}

/** One line of where the resource stands, for wait messages. */
export function describeStatus(s: ChaosStatus | undefined): string {
  if (!s) return 'no status yet';
  const conds = (s.conditions ?? []).map((c) => `${c.type}=${c.status}`).join(',') || 'no conditions';
  const recs = (s.experiment?.containerRecords ?? []).map((r) => `${r.id ?? '?'}:${r.phase ?? '?'}`).join(',') || 'no records';
  return `${conds}; records ${recs}`;
}

export type Injection =
  | { injected: true }
  /** timedOut: Chaos Mesh neither injected nor reported a failure (its daemon never answered). */
  | { injected: false; message: string; timedOut?: boolean };

/**
 * Injected when AllInjected is true; failed once an Apply event failed and nothing is
 * injected (Chaos Mesh retries, but its first error is the one that explains). Else undecided.
 */
export function judgeInjection(s: ChaosStatus | undefined): Injection | undefined {
  if (conditionTrue(s, 'AllInjected')) return { injected: true };
  const failed = failedEvents(s, 'Apply');
  if (failed.length > 0) return { injected: false, message: failed.join('; ') };
  return undefined;
}
