/**
 * The labels every object the harness creates carries, and selectors over them.
 * The sweeper finds leftovers by these, so they are defined here and nowhere else.
 */
import { BadInputError } from '../errors.js';

/** The harness's own label, annotation and taint key prefix. */
export const labelPrefix = 'sandbox-gauntlet.dev/';

export const labelKeys = {
  runId: `${labelPrefix}run-id`,
  suite: `${labelPrefix}suite`,
  managedBy: 'app.kubernetes.io/managed-by',
} as const;

export const managedByValue = 'sandbox-gauntlet';

export type Labels = Record<string, string>;

/** Kubernetes label value syntax: empty, or ≤63 chars of [A-Za-z0-9_.-] starting and ending alphanumeric. */
const labelValuePattern = /^(?:[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?$/;

export function isValidLabelValue(value: string): boolean {
  return labelValuePattern.test(value);
}

function requireLabelValue(what: string, value: string): string {
  if (value === '' || !isValidLabelValue(value)) {
    throw new BadInputError(
      `${what} "${value}" cannot be used as a Kubernetes label value`,
      'Use 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.',
    );
  }
  return value;
}

/** The labels for an object created by `runId` on behalf of `suite`. */
export function gauntletLabels(runId: string, suite: string): Labels {
  return {
    [labelKeys.managedBy]: managedByValue,
    [labelKeys.runId]: requireLabelValue('run id', runId),
    [labelKeys.suite]: requireLabelValue('suite name', suite),
  };
}

/** `k=v,k2=v2` equality selector for a label set, keys sorted so it is stable. */
export function selectorFor(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key] ?? ''}`)
    .join(',');
}

/** Everything the harness manages, from any run. */
export function managedSelector(): string {
  return `${labelKeys.managedBy}=${managedByValue}`;
}

/** Everything one run created. */
export function runSelector(runId: string): string {
  return `${managedSelector()},${labelKeys.runId}=${requireLabelValue('run id', runId)}`;
}

/** Everything one run created for one suite. */
export function suiteSelector(runId: string, suite: string): string {
  return `${runSelector(runId)},${labelKeys.suite}=${requireLabelValue('suite name', suite)}`;
}

/**
 * Everything the harness manages that is not from `runId`: leftovers for the sweeper.
 * Only objects that carry a run id: `!=` alone would also match managed objects without one,
 * such as the embedded cluster's installer, its RuntimeClasses and `gauntlet-system`, which
 * belong to no run and must never be swept.
 */
export function otherRunsSelector(runId: string): string {
  return `${managedSelector()},${labelKeys.runId},${labelKeys.runId}!=${requireLabelValue('run id', runId)}`;
}
