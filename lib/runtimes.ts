/** The container runtimes the harness compares; the one place they map to RuntimeClasses. */
export const runtimes = ['runc', 'runsc'] as const;
export type Runtime = (typeof runtimes)[number];

/** The gVisor RuntimeClass of the local cluster; a platform may name its own differently. */
export const defaultGvisorRuntimeClass = 'gvisor';

/**
 * RuntimeClass name per runtime; `undefined` means the cluster default (runc). The runsc one
 * comes from GAUNTLET_RUNTIME_CLASS when set (`gauntlet run` sets it from config
 * target.runtimeClass), so suites and doctor target the same class.
 */
export const runtimeClassFor: Record<Runtime, string | undefined> = {
  runc: undefined,
  runsc: process.env.GAUNTLET_RUNTIME_CLASS || defaultGvisorRuntimeClass,
};

/** The containerd runtime handler the gVisor RuntimeClass points at. */
export const gvisorHandler = 'runsc';

/** Node label the gVisor installer sets once runsc is installed, configured and verified. */
export const gvisorReadyLabel = 'sandbox-gauntlet.dev/gvisor';
export const gvisorReadyValue = 'ready';
