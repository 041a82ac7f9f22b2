/**
 * What a host process is to the pod it serves. `workload` (runc's container processes) and
 * `app` (runsc's systrap stubs: the address spaces the application runs in) are the container's
 * own; every other kind is the runtime's overhead.
 */
import type { Runtime } from '../runtimes.js';

export const processKinds = ['shim', 'sentry', 'gofer', 'runsc', 'pause', 'other', 'workload', 'app'] as const;
export type ProcessKind = (typeof processKinds)[number];

export const workloadKinds: readonly ProcessKind[] = ['workload', 'app'];
export const isOverhead = (k: ProcessKind): boolean => !workloadKinds.includes(k);

/** Kinds a pod of each runtime must show on its node, or its processes were not found. */
export const requiredKinds: Record<Runtime, readonly ProcessKind[]> = {
  runc: ['shim', 'pause', 'workload'],
  runsc: ['shim', 'sentry', 'gofer'],
};

/** In words, for the report. */
export const kindTitles: Record<ProcessKind, string> = {
  shim: 'shim (containerd-shim-*)',
  sentry: 'Sentry (runsc-sandbox)',
  gofer: 'gofer (runsc-gofer)',
  runsc: 'runsc helper (runsc wait)',
  pause: 'pause',
  other: 'other',
  workload: "container's own processes",
  app: 'application (systrap stubs)',
};
