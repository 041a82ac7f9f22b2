/**
 * Budgets of the chaos suite, named once (the general ones live in lib/timeouts.ts).
 * Suites scale them with envScaled; none is a product threshold (those are in the
 * config's `resilience` section and judged by the gate).
 */

/** containerd back to active after `systemctl restart containerd`; it restarts in about a second. */
export const containerdRestartMs = 60_000;

/** One command run on a node through the agent or docker exec. */
export const nodeCommandMs = 30_000;

/** Node agent pod created → Running (image is on the node; no pull). */
export const nodeAgentStartMs = 120_000;

/**
 * A pod whose runtime is missing must be reported runtime-unavailable within this: the
 * kubelet's first sandbox creation fails within a second or two and posts a
 * FailedCreatePodSandBox event; anything near the start budget would be a timeout in disguise.
 */
export const runtimeUnavailableReportMs = 20_000;

/**
 * A pod deleted by the taint manager on a lost node (tolerationSeconds below) gets its
 * replacement scheduled and started on a surviving node within this, after NotReady.
 */
export const replacementRunningMs = 120_000;

/** tolerationSeconds for node.kubernetes.io/unreachable on the chaos suite's workload pods: evict fast. */
export const unreachableTolerationSeconds = 2;

/** Interval of polled states (node commands, pod lists) where no watch exists. */
export const pollIntervalMs = 500;

/** How long after a pod ended its sandbox and gofer processes may linger before they count as orphans. */
export const sandboxReapMs = 30_000;

/** A command hook (cloud CLI) gets this long before it is killed. */
export const commandHookMs = 120_000;

/**
 * A pod's binding seen on one watch → seen on the placement recorder's own watch. Two
 * streams of one API server deliver the same change within a fraction of a second.
 */
export const placementWatchLagMs = 10_000;

/**
 * A Chaos Mesh resource created → AllInjected, or an Apply event that failed. The controller
 * reconciles within a second and the daemon's commands take a few; 60 s is a stuck controller.
 */
export const chaosMeshInjectMs = 60_000;

/**
 * How long the evidence of a fault may take to show once Chaos Mesh says it is injected: a
 * killed container restarting (the kubelet's back-off starts at 10 s), a pod gone.
 */
export const chaosMeshEffectMs = 45_000;

/**
 * A deleted chaos resource gone: Chaos Mesh recovers every target first (its finalizer). One
 * that never injected can hang on its finalizer forever; past this the harness removes it.
 */
export const chaosMeshRecoverMs = 60_000;

/** The same for a resource that never injected: nothing to recover, so it goes at once or is stuck. */
export const chaosMeshNeverInjectedRecoverMs = 10_000;

/** How long each fault of the matrix lasts (the template's `${DURATION}`): long enough to measure during it. */
export const chaosMeshFaultDurationS = 120;

/** A target or peer pod of the Chaos Mesh matrix created → Ready. */
export const chaosMeshPodReadyMs = 90_000;

/** One evidence reading inside a pod (a few connects, a CPU loop, 40 datagrams). */
export const chaosMeshEvidenceMs = 45_000;
