import { homedir } from 'node:os';
import { join } from 'node:path';

/** Build cache outside the clone, keyed by component version (see fixtures/cluster/build). */
export const cacheDir = (): string => process.env.GAUNTLET_CACHE ?? join(homedir(), '.cache', 'sandbox-gauntlet');

/** State of the embedded local cluster: kubeconfig, node list, logs. Stable across runs. */
export const stateDir = (): string => process.env.GAUNTLET_STATE ?? join(homedir(), '.local', 'state', 'sandbox-gauntlet');

/** The kubeconfig `gauntlet cluster up` writes; the default target when no kubeconfig is given. */
export const localKubeconfigPath = (): string => join(stateDir(), 'kubeconfig');

/**
 * The embedded cluster's least-privilege kubeconfig (the ServiceAccount of deploy/rbac.yaml),
 * written by `gauntlet cluster up`: what `gauntlet run` and `npm test` give the suites.
 */
export const harnessKubeconfigPath = (): string => join(stateDir(), 'harness.kubeconfig');

/** Where reports of one run go: reports/<run-id>/ under the working directory. */
export const reportsDir = (runId: string): string => join(process.cwd(), 'reports', runId);
