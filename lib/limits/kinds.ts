/** The resource limits the harness checks under both runtimes, and what a check can come to. */
export const limitKinds = ['memory', 'cpu', 'pids', 'ephemeral-storage-rootfs', 'ephemeral-storage-emptydir'] as const;
export type LimitKind = (typeof limitKinds)[number];

/**
 * enforced: past the limit the pod was stopped or held (OOM-killed, throttled, forks refused,
 * evicted) and its control showed the same pod unlimited (or below the limit) going further;
 * not-enforced: it went past the limit; not-configured: the node sets no such limit (the PID
 * limit is the kubelet's podPidsLimit), so there is nothing to enforce; control-failed: the
 * control did not show what it must (the unlimited pod could not exceed the limit either), so
 * the limited pod's figure proves nothing; unclear: the pod past the limit ended neither way
 * (another error, a neighbour that would not run), which the outcome says.
 */
export const limitStatuses = ['enforced', 'not-enforced', 'not-configured', 'control-failed', 'unclear'] as const;
export type LimitStatus = (typeof limitStatuses)[number];

/**
 * A limit runsc is accepted not to enforce on this platform, with its reason (config
 * `workloads.limitExceptions`). The gate then shows it as accepted, with the reason, instead of
 * failing; it never hides a limit runc does not enforce, nor a failed control.
 */
export interface LimitException {
  limit: LimitKind;
  reason: string;
}
