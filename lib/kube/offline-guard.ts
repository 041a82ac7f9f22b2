/**
 * Collecting the suites without running them (`gauntlet list`, `gauntlet run --dry-run`):
 * GAUNTLET_COLLECT says so to the vitest processes. `offline` forbids any cluster client, so
 * listing can never touch a cluster even when a kubeconfig is at hand; both modes keep the
 * suites' global setup from recording anything (fixtures/record-environment.ts).
 */
import { NeedsClusterError } from '../errors.js';

export const collectModeVar = 'GAUNTLET_COLLECT';
export type CollectMode = 'offline' | 'online';

/** The collect mode this process runs in, if any. */
export function collectMode(env: NodeJS.ProcessEnv = process.env): CollectMode | undefined {
  const v = env[collectModeVar];
  return v === 'offline' || v === 'online' ? v : undefined;
}

/** Throws when this process collects offline: the caller would have reached a cluster. */
export function assertClusterAllowed(env: NodeJS.ProcessEnv = process.env): void {
  if (collectMode(env) !== 'offline') return;
  throw new NeedsClusterError(
    'its tests are made from the cluster\'s nodes when it is collected, and this listing runs without a cluster',
    '`gauntlet run --dry-run` lists them from the target after the doctor.',
  );
}
