/**
 * The harness configuration: thresholds of the release gate, load limits, the timeout model,
 * the probe image and the target cluster. Every field has a default except the target and
 * the addresses of a real cluster, so an empty file (or none) is a valid configuration.
 *
 * Unknown fields are errors (strict objects): a misspelt threshold must not silently fall
 * back to its default and loosen the gate.
 */
import { z } from 'zod';
import { limitKinds } from '../limits/kinds.js';
import { defaultProbeImage, defaultToolsImage, defaultWorkloadsImage } from '../images.js';
import { workloadExceptionSchema, workloadSchema } from '../workloads/definition.js';
import { defaultLoadLimits, defaultTimeoutModelParams } from '../load/timeout-model.js';

/** host:port, IPv6 hosts in brackets: 10.0.0.5:8080, canary.internal:443, [fd00::1]:80. */
const hostPort = z
  .string()
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})$/, 'expected host:port, e.g. 10.0.0.5:8080 or [fd00::1]:80');
/** The performance area's start rules; see performance.startRules. */
export const startRules = ['runtime-added-ms', 'total-added-ms', 'total-ratio'] as const;
export type StartRule = (typeof startRules)[number];

const fraction = z.number().gt(0).max(1);
const positiveMs = z.number().positive();

export const performanceSchema = z
  .strictObject({
    /** Interleaved runc/runsc start pairs per condition. */
    pairs: z.int().min(2).default(32),
    /** Pairs where both starts must succeed for the condition to be judged; fewer is INCONCLUSIVE. */
    minSuccesses: z.int().min(1).default(28),
    /**
     * Pairs of the cpu-stress condition (≤ pairs). Under stress a start costs the most time and
     * the question is whether each start stays within its load-aware budget, not the last ms of
     * the added cost; half of idle's pairs keeps the full suite within 10 minutes on 2 cores. Its
     * minimum successes is minSuccesses in the same proportion, rounded up (lib/perf/conditions.ts).
     */
    stressPairs: z.int().min(2).default(16),
    /** Harness concurrency levels; one condition each. */
    concurrency: z
      .array(z.int().min(1))
      .min(1)
      .refine((xs) => new Set(xs).size === xs.length, 'expected distinct concurrency levels')
      .default(() => [1, 4, 8]),
    /** Upper 95 % CI bound of median(runsc)/median(runc) must be ≤ this ("no degradation > 20 %"). */
    maxStartOverheadRatio: z.number().min(1).default(1.2),
    /**
     * Median runsc − runc start delta must be ≤ this. gVisor adds ~50–100 ms per container start;
     * 300 ms allows a pod with a few containers plus sandbox creation (the pause/sandbox boot)
     * while still catching a broken or misconfigured runtime (seconds, not tens of ms).
     */
    maxAddedStartMs: positiveMs.default(300),
    /**
     * Which start rules the gate applies (lib/report/gate-performance.ts):
     *   runtime-added-ms  upper 95 % CI bound of runsc's added start cost on the most precise
     *                     clock (CRI phases, else the probe's clock, else total) ≤ maxAddedStartMs;
     *   total-added-ms    the same bound on the user-visible total (kubelet status sync included);
     *   total-ratio       upper bound of the total's runsc/runc median ratio ≤ maxStartOverheadRatio.
     * A start ratio alone misleads: runc's start is mostly Kubernetes' own work.
     */
    startRules: z
      .array(z.enum(startRules))
      .min(1)
      .refine((xs) => new Set(xs).size === xs.length, 'expected distinct rules')
      .default((): StartRule[] => ['runtime-added-ms']),
    /**
     * The workloads suite's in-container times (lib/report/gate-performance.ts judgeWorkload). Here,
     * beside the start rules, because it is a performance threshold the gate holds; what runs and
     * how often is the `workloads` section.
     */
    workloads: z
      .strictObject({
        /** Upper 95 % CI bound of median(runsc)/median(runc) of each workload's own time must be ≤ this (the seeds' "no degradation > 20 %"). */
        maxRatio: z.number().min(1).default(1.2),
        /** Pairs where both runs met their expectation needed to judge a workload; fewer is INCONCLUSIVE (a CI wholly above maxRatio still FAILs). */
        minSuccesses: z.int().min(2).default(8),
      })
      .prefault({}),
    bootstrap: z
      .strictObject({
        resamples: z.int().min(100).default(2000),
        seed: z.int().min(0).max(0xffffffff).default(1),
        level: z.number().gt(0).lt(1).default(0.95),
      })
      .prefault({}),
  })
  .superRefine((p, ctx) => {
    if (p.stressPairs > p.pairs) {
      ctx.addIssue({ code: 'custom', path: ['stressPairs'], input: p.stressPairs, message: `expected at most performance.pairs (${p.pairs})` });
    }
    if (p.minSuccesses > p.pairs) {
      ctx.addIssue({
        code: 'custom',
        path: ['minSuccesses'],
        input: p.minSuccesses,
        message: `expected at most performance.pairs (${p.pairs})`,
      });
    }
  });

/**
 * How every gVisor sandbox must run, read from its command line on each gVisor node
 * (lib/gvisor/runsc-flags.ts). Secure defaults; a deviation the platform accepts is an
 * exception with a reason, shown in the report.
 */
const gvisorPolicySchema = z.strictObject({
  network: z.enum(['sandbox', 'host', 'none']).default('sandbox'),
  hostUds: z.enum(['none', 'open', 'create', 'all']).default('none'),
  netRaw: z.boolean().default(false),
  platforms: z.array(z.string().min(1)).min(1).default(() => ['systrap', 'kvm']),
  debug: z.boolean().default(false),
  strace: z.boolean().default(false),
  profile: z.boolean().default(false),
  exceptions: z
    .array(
      z.strictObject({
        /** The runsc flag without dashes, e.g. net-raw. */
        flag: z.string().min(1),
        /** Only this value is accepted; unset: any. */
        value: z.string().optional(),
        /** Only on this node; unset: every node. */
        node: z.string().optional(),
        reason: z.string().min(1, 'an exception needs a reason'),
      }),
    )
    .default(() => []),
});

export const securitySchema = z.strictObject({
  /** Escapes from hardened runsc pods tolerated; anything but 0 needs a written exception. */
  allowEscapes: z.int().min(0).default(0),
  gvisor: gvisorPolicySchema.prefault({}),
});

/** The declared gVisor policy with every default. */
export const defaultGvisorPolicy = (): z.output<typeof gvisorPolicySchema> => gvisorPolicySchema.parse({});

export const resilienceSchema = z.strictObject({
  /** After a containerd restart, runsc pods start again within this. */
  maxContainerdRecoveryMs: positiveMs.default(60_000),
  /**
   * A dead node is NotReady within this: node-monitor-grace-period (40 s, 50 s since
   * Kubernetes 1.32) plus the 5 s node-monitor-period, plus margin.
   */
  maxNodeNotReadyDetectMs: positiveMs.default(60_000),
  /** Probe results that vanished (pod gone, no result document) across all scenarios. */
  maxLostResults: z.int().min(0).default(0),
});

export const loadSchema = z.strictObject({
  limits: z
    .strictObject({
      maxCpu: fraction.default(defaultLoadLimits.maxCpu),
      maxPendingPerNode: z.number().min(0).default(defaultLoadLimits.maxPendingPerNode),
      maxMemory: fraction.default(defaultLoadLimits.maxMemory),
    })
    .prefault({}),
  timeout: z
    .strictObject({
      floorMs: z.number().min(0).default(defaultTimeoutModelParams.floorMs),
      headroom: z.number().min(1).default(defaultTimeoutModelParams.headroom),
      cpuWeight: z.number().min(0).default(defaultTimeoutModelParams.cpuWeight),
      pendingWeight: z.number().min(0).default(defaultTimeoutModelParams.pendingWeight),
      concurrencyWeight: z.number().min(0).default(defaultTimeoutModelParams.concurrencyWeight),
    })
    .prefault({}),
});

const trendSchema = z.strictObject({
  /** A resilience figure that grew by more than this fraction over the previous gate is a regression. */
  maxRecoveryGrowth: z.number().min(0).default(0.2),
});

/** A Kubernetes resource quantity: 250m, 1, 64Mi, 1.5Gi. */
const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/, 'expected a Kubernetes quantity, e.g. 250m or 128Mi');

/**
 * Every probe pod's resources, as a real tenant pod would ask. The CPU request could matter to
 * runsc more than to runc: the Sentry and gofer run in the pod's cgroup, so its cpu.shares are
 * theirs, while runc does its set-up in containerd's and the shim's. Measured, it does not move
 * runsc's start at idle (10m against 250m: +5 ms [-58, 71] on the CRI clock; docs/measurement-
 * method.md, "The probe's resources"), so the default is a common tenant default, 100m, which
 * also leaves room for the isolation suite's many pods on a 2-CPU node.
 */
const probeResourcesSchema = z.strictObject({
  requests: z.strictObject({ cpu: quantity.default('100m'), memory: quantity.default('64Mi') }).prefault({}),
  limits: z.strictObject({ cpu: quantity.optional(), memory: quantity.default('256Mi') }).prefault({}),
});

const probeSchema = z.strictObject({
  image: z.string().min(1).default(defaultProbeImage),
  imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).default('IfNotPresent'),
  resources: probeResourcesSchema.prefault({}),
});

/** Helper pods' image (CPU stress, node agent): bash, util-linux, procps, iptables. */
const toolsSchema = z.strictObject({
  image: z.string().min(1).default(defaultToolsImage),
});

/**
 * The workloads suite (suites/workloads, docs/workloads.md): the built-ins and the user's own
 * executor workloads, each run under runc and runsc, compared (gate area compatibility) and timed
 * from inside the container (performance.workloads).
 */
const workloadsSchema = z
  .strictObject({
    /** The built-ins' image and the stamp's source (every workload pod's init container copies it). */
    image: z.string().min(1).default(defaultWorkloadsImage),
    /** Run the built-in workloads (lib/workloads/builtin.ts) besides the list. */
    builtins: z.boolean().default(true),
    /** The user's own workloads: {name, image, command, expect: {exitCode, stdout: {regex} | {sha256}}, stresses, timeoutSeconds}. */
    list: z.array(workloadSchema).default(() => []),
    /** Interleaved runc/runsc run pairs per workload (the CI profile takes fewer, lib/load/profile.ts). */
    pairs: z.int().min(2).default(10),
    /** Accepted differences under runsc, each with its reason; shown in the report instead of failing. */
    exceptions: z.array(workloadExceptionSchema).default(() => []),
    /** Resource limits runsc is accepted not to enforce here (suites/workloads/limits.test.ts), each with its reason. */
    limitExceptions: z.array(z.strictObject({ limit: z.enum(limitKinds), reason: z.string().min(1, 'an exception needs a reason') })).default(() => []),
    /**
     * Sandbox resource overhead (suites/workloads/sandbox-overhead.test.ts, lib/overhead): idle pods
     * per runtime read on their nodes, and the rule that turns the figures into a recommended
     * RuntimeClass overhead.podFixed (lib/overhead/recommend.ts).
     */
    overhead: z
      .strictObject({
        /** Idle pods per runtime (the CI profile takes at most 2). */
        pods: z.int().min(1).default(4),
        /** How long the pods idle between the two CPU readings. */
        idleSeconds: z.int().min(10).default(60),
        /** Fraction added to the memory difference before rounding. */
        memoryHeadroom: z.number().min(0).max(4).default(0.25),
        /** The recommended memory is a multiple of this many Mi. */
        memoryStepMi: z.int().min(1).default(8),
        /** The recommended CPU is at least this many millicores. */
        minCpuMillicores: z.int().min(1).default(10),
      })
      .prefault({}),
  })
  .superRefine((w, ctx) => {
    const names = w.list.map((x) => x.name);
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) ctx.addIssue({ code: 'custom', path: ['list', i, 'name'], input: n, message: `expected distinct workload names; ${n} is used twice` });
    });
  });

const targetSchema = z.strictObject({
  /** Unset: $KUBECONFIG, else the embedded local cluster's. Relative paths are relative to the config file. */
  kubeconfig: z.string().min(1).optional(),
  /** Unset: the kubeconfig's current context. */
  context: z.string().min(1).optional(),
  /**
   * The RuntimeClass that selects gVisor on the target (GAUNTLET_RUNTIME_CLASS overrides it for
   * the suites and doctor). Platforms name theirs differently; the local cluster's is `gvisor`.
   */
  runtimeClass: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, 'expected a RuntimeClass name (lowercase DNS subdomain), e.g. gvisor')
    .default('gvisor'),
});

const addressesSchema = z.strictObject({
  /** A listener that records connections; reaching it from a hardened pod is proof of egress. */
  canary: hostPort.optional(),
  /** Addresses a hardened pod must not reach: cloud metadata, kubelet, internal services. */
  targets: z.array(hostPort).default(() => []),
  /**
   * Escape matrix on a real cluster: sha256 (hex) of the token the canary serves (the probe's
   * `serve-canary`); a read-back with this hash proves a pod reached it. The token stays out of the file.
   */
  canaryTokenSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'expected the sha256 of the canary token as 64 lowercase hex digits')
    .optional(),
  /** The canary's DNS server (UDP host:port, `serve-canary --dns-port`) answering TXT queries with its token. */
  canaryDns: hostPort.optional(),
  /**
   * A stand-in instance-metadata service (a `serve-canary` with the same token) that pods of the
   * cluster reach like the real one; the harness never points a probe at the real metadata service.
   */
  metadata: hostPort.optional(),
});

export const configSchema = z.strictObject({
  target: targetSchema.prefault({}),
  probe: probeSchema.prefault({}),
  tools: toolsSchema.prefault({}),
  performance: performanceSchema.prefault({}),
  security: securitySchema.prefault({}),
  resilience: resilienceSchema.prefault({}),
  workloads: workloadsSchema.prefault({}),
  load: loadSchema.prefault({}),
  trend: trendSchema.prefault({}),
  addresses: addressesSchema.prefault({}),
});

export type GauntletConfig = z.output<typeof configSchema>;
/** What a config file may contain: every field optional. */
export type GauntletConfigInput = z.input<typeof configSchema>;
export type PerformanceThresholds = GauntletConfig['performance'];
export type SecurityThresholds = GauntletConfig['security'];
export type ResilienceThresholds = GauntletConfig['resilience'];
export type WorkloadsConfig = GauntletConfig['workloads'];

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object') {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

/** The configuration an empty file gives; frozen, copy before changing. */
export const defaultConfig: Readonly<GauntletConfig> = deepFreeze(configSchema.parse({}));
