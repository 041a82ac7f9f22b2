/**
 * Typed errors. Each carries a `cause` where one exists, and a hint that tells
 * the user what to do; the CLI prints message and hint, never a stack trace.
 */
export class GauntletError extends Error {
  override readonly name: string = 'GauntletError';
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bad input: configuration, flags, kubeconfig. Exit code 2. */
export class BadInputError extends GauntletError {
  override readonly name = 'BadInputError';
}

/** The cluster or the machine cannot do what the run needs. Exit code 2. */
export class InfrastructureError extends GauntletError {
  override readonly name = 'InfrastructureError';
}

/** A wait ran out; the message says what was awaited and the last state seen. */
export class WaitTimeoutError extends GauntletError {
  override readonly name = 'WaitTimeoutError';
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly lastState: string,
    options?: { cause?: unknown },
  ) {
    super(`Timed out after ${timeoutMs} ms waiting for ${what}; last: ${lastState}`, undefined, options);
  }
}

/**
 * Something would have reached a cluster while none may be used: `gauntlet list` collects the
 * suites offline (lib/kube/offline-guard.ts). Named so the collector can tell a file whose
 * tests are made from the cluster from a file that is broken.
 */
export class NeedsClusterError extends GauntletError {
  override readonly name = 'NeedsClusterError';
}

/**
 * No headless Chromium to open the reports in: none installed where looked, or it would not
 * start (exit code 2 where it is fatal). `gauntlet report` says so and goes on without
 * screenshots; the browser test fails.
 */
export class BrowserUnavailableError extends GauntletError {
  override readonly name = 'BrowserUnavailableError';
}
