/**
 * Every duration the harness waits for, named and explained once. Suites and
 * lib/ use these (scaled by the load model or the environment), never bare numbers.
 */
import { BadInputError } from './errors.js';

// ---- Budgets for things the cluster does ----

/** Pod created → Ready/Running: scheduling, a small image pull and a sandbox start under runsc on a busy node. */
export const podStartMs = 120_000;

/** Probe pod created → all containers terminated: start plus the probe's own work (escape attempts, benchmarks). */
export const probeFinishMs = 300_000;

/** A deleted pod's sandbox stopped on its node (the kubelet's kill, StopPodSandbox: the Sentry, gofer and pod network gone). */
export const sandboxTeardownMs = 60_000;

/** Namespace delete issued → gone: pods get their grace period and finalizers run. */
export const namespaceDeleteMs = 180_000;

/** New namespace → its `default` ServiceAccount exists; pods are rejected at admission until then. */
export const namespaceReadyMs = 30_000;

/** Node (re)started → Ready=True: kubelet start, CNI, lease renewal; slow after a node fault. */
export const nodeReadyMs = 300_000;

/** DaemonSet applied → every scheduled pod updated and available (e.g. the gVisor installer on all nodes). */
export const daemonSetReadyMs = 300_000;

/**
 * NetworkPolicy applied → a pod's connection it forbids stops. Engines react to the policy's
 * watch event (kube-router rewrites its chains at once; VPC CNI's PolicyEndpoint sync takes
 * seconds): 30 s is far beyond a working engine and short enough to call a silent one out.
 */
export const networkPolicyEnforceMs = 30_000;

/**
 * A Service's ready endpoint → kube-proxy's rules on the node answer for it (EndpointSlice
 * controller, the watch, kube-proxy's sync): seconds; more under load.
 */
export const serviceProgrammedMs = 30_000;

/** One ordinary API request (get, create, delete). Longer means the API server is in trouble. */
export const apiCallMs = 30_000;

// ---- Harness internals ----

/** Looking up the last event of an object when a wait times out; the timeout message must not hang on it. */
export const eventLookupMs = 5_000;

/**
 * SIGINT/SIGTERM → the suites' processes have undone what was in flight and exited: a stopped
 * node started again and Ready, namespaces deleted. Beyond it the CLI kills them and leaves the
 * rest to the next run's sweep.
 */
export const interruptCleanupMs = 360_000;

/** Between two looks at the namespaces a sweep deleted (they take seconds to terminate). */
export const sweepPollMs = 1_000;

/** One SelfSubjectAccessReview (a scenario asks whether it may run): an API round trip; slow means the API is in trouble. */
export const permissionReviewMs = 10_000;

/**
 * vitest collects the suites' files without running a test (`gauntlet list`, the plan of
 * `gauntlet run`): a few seconds offline; online the per-node files also list the nodes.
 */
export const testCollectionMs = 120_000;

/** How often `gauntlet run` reads the running suite's progress, rewrites progress.json and redraws the live line. */
export const progressRefreshMs = 1_000;

/** Without a terminal (CI): a progress line when the counts changed, but no closer together than this. */
export const plainProgressMinGapMs = 15_000;

/** Without a terminal: a progress line at least this often even when nothing changed, so a long test does not look like a hang. */
export const plainProgressHeartbeatMs = 60_000;

/** The progress reporter writes the suite's progress file at most this often (and at the end). */
export const suiteProgressWriteMs = 250;

/**
 * A suite's output line still without its newline after this long is written as it is (the
 * live line stays off until the line ends), so a prompt-like partial line is not held back.
 */
export const partialLineFlushMs = 500;

/**
 * A report page in headless Chromium: loaded, its data fetched and its charts drawn. Local
 * files only, so a second or two; far beyond that the page is stuck, not slow.
 */
export const reportPageLoadMs = 30_000;

/** Pause before re-listing after a failed list or watch, so a sick API server is not hammered. */
export const watchRetryDelayMs = 1_000;

/**
 * Server-side length of one watch request. Kept under client-node's fixed 30 s inactivity
 * timeout so a quiet watch ends cleanly (and is resumed) instead of being aborted as an error.
 */
export const watchWindowSeconds = 25;

// ---- Scaling ----

/**
 * `baseMs` stretched by `factor` (rounded up to whole ms). Pure: the load model
 * (lib/load/) decides the factor from measured node load; the environment adds its own.
 * A factor below 1 is allowed (a fast dedicated cluster) but must be positive and finite.
 */
export function scaled(baseMs: number, factor: number): number {
  if (!Number.isFinite(baseMs) || baseMs < 0) throw new RangeError(`scaled: baseMs must be a finite non-negative number, got ${baseMs}`);
  if (!Number.isFinite(factor) || factor <= 0) throw new RangeError(`scaled: factor must be a finite positive number, got ${factor}`);
  return Math.ceil(baseMs * factor);
}

/** Default factor on CI runners, which are shared and slower than a developer machine. */
export const ciTimeoutScale = 2;

/**
 * The environment's timeout factor: GAUNTLET_TIMEOUT_SCALE if set, else `ciTimeoutScale`
 * when CI is set (and not "false"/"0"), else 1. A malformed value is bad input, not a silent 1.
 */
export function envTimeoutScale(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GAUNTLET_TIMEOUT_SCALE;
  if (raw !== undefined && raw.trim() !== '') {
    const factor = Number(raw);
    if (!Number.isFinite(factor) || factor <= 0) {
      throw new BadInputError(
        `GAUNTLET_TIMEOUT_SCALE="${raw}" is not a positive number`,
        'Set GAUNTLET_TIMEOUT_SCALE to a factor such as 1.5, or unset it.',
      );
    }
    return factor;
  }
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0' ? ciTimeoutScale : 1;
}

/** `baseMs` scaled by the environment factor; the usual way a suite turns a budget into a timeout. */
export function envScaled(baseMs: number, env: NodeJS.ProcessEnv = process.env): number {
  return scaled(baseMs, envTimeoutScale(env));
}

/**
 * How long a hard-stopped node may take to be reported NotReady (Ready=Unknown):
 * the node-monitor grace period (50 s in 1.34) plus the monitor period and margin.
 */
export const nodeNotReadyDetectMs = 120_000;

// ---- Resource limits (suites/workloads/limits.test.ts) ----

/**
 * A limits pod created → finished or stopped by its limit: a sandbox start, then a bounded
 * allocation (256 MiB) or write (128 MiB) that takes seconds even under runsc on a busy node.
 */
export const limitPodFinishMs = 120_000;

/**
 * How long the CPU check measures each busy pod from its cgroup. Not a wait: a measurement window,
 * long enough that CFS's 100 ms quota periods and the reading's edges are lost in it.
 */
export const cpuLimitWindowMs = 30_000;

/**
 * A fork bomb started → its forks stopped (refused at the limit, or its cap reached): runc forks a
 * thousand sleepers in seconds; runsc forks about 30 a second here, so a cap of 2048 that no limit
 * stopped would take over a minute.
 */
export const forkBombSettleMs = 150_000;

/**
 * A pod written past its ephemeral-storage limit → evicted, beyond two of the node's
 * volumeStatsAggPeriod (lib/limits/eviction-budget.ts). The eviction manager looks every 10 s, at
 * the container's writable layer as the runtime reports it and at emptyDirs as the kubelet last
 * measured them: at the pod's start, then every period jittered up to twice it (1–2 min by
 * default). This margin covers the manager's 10 s and the API's report of the eviction.
 */
export const ephemeralEvictionMarginMs = 30_000;
