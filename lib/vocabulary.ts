/**
 * The shared vocabularies of shared/design.md, defined once.
 */

/** How one probe run ended. Derived from pod status and the probe's result document, never exit codes alone. */
export const probeRunStatuses = [
  'succeeded',
  'failed',
  'lost',
  'timed-out',
  'oom-killed',
  'runtime-unavailable',
  'invalid',
] as const;
export type ProbeRunStatus = (typeof probeRunStatuses)[number];

/** Who stopped an escape attempt, if anyone. */
export const escapeVerdicts = [
  'blocked-by-gvisor',
  'blocked-by-policy',
  'escaped',
  'probe-invalid',
  'not-applicable',
] as const;
export type EscapeVerdict = (typeof escapeVerdicts)[number];

/** Verdict of one gate area, and of the gate overall. */
export const gateVerdicts = ['PASS', 'FAIL', 'INCONCLUSIVE'] as const;
export type GateVerdict = (typeof gateVerdicts)[number];

/** compatibility: the configured workloads behave the same under runsc as under runc (suites/workloads). */
export const gateAreas = ['security', 'performance', 'resilience', 'compatibility'] as const;
export type GateArea = (typeof gateAreas)[number];

/** Process exit codes of every `gauntlet` command. */
export const ExitCode = {
  pass: 0,
  gateFail: 1,
  badInputOrInfra: 2,
  /** Stopped by SIGINT or SIGTERM: what was in flight was undone, the gate is partial (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
