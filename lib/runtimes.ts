/** The container runtimes the harness compares; the one place they map to RuntimeClasses. */
export const runtimes = ['runc', 'runsc'] as const;
export type Runtime = (typeof runtimes)[number];

/** RuntimeClass name per runtime; `undefined` means the cluster default (runc). */
export const runtimeClassFor: Record<Runtime, string | undefined> = {
  runc: undefined,
  runsc: 'gvisor',
};

/** The containerd runtime handler the gVisor RuntimeClass points at. */
export const gvisorHandler = 'runsc';

/** Node label the gVisor installer sets once runsc is installed, configured and verified. */
export const gvisorReadyLabel = 'sandbox-gauntlet.dev/gvisor';
export const gvisorReadyValue = 'ready';
