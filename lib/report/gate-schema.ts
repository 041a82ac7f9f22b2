/**
 * The gate's data: what the suites hand in (RunResults) and what the gate writes (gate.json,
 * schema `sandbox-gauntlet/gate/v1`). Defined once as zod schemas so that results.json and a
 * previous gate.json read from disk are validated against the same types the code uses.
 */
import { z } from 'zod';
import { loadSchema, performanceSchema, resilienceSchema, securitySchema } from '../config/schema.js';
import { runtimes } from '../runtimes.js';
import type { LoadSnapshot } from '../load/timeout-model.js';
import type { BootstrapResult } from '../stats/bootstrap.js';
import { startClocks } from '../stats/start-cost.js';
import type { Summary } from '../stats/quantile.js';
import { limitKinds, limitStatuses } from '../limits/kinds.js';
import { escapeVerdicts, gateAreas, gateVerdicts } from '../vocabulary.js';
import { gvisorSandboxReportSchema } from '../gvisor/unsupported-syscalls.js';
import { stdoutCheckSchema, workloadExceptionSchema } from '../workloads/definition.js';
import { workloadOutcomeSchema } from '../workloads/outcome.js';
import { processKinds } from '../overhead/kinds.js';

export const gateSchemaVersion = 'sandbox-gauntlet/gate/v1';

/** Phase key the probe launcher uses for the whole start (create → Ready); the one the kubelet SLI is compared with. */
export const totalStartPhase = 'total';

/** Resilience figure names the gate holds against thresholds; other figures are reported only. */
export const resilienceFigureNames = {
  containerdRecovery: 'containerd-recovery',
  nodeNotReadyDetect: 'node-notready-detect',
} as const;

const runtime = z.enum(runtimes);
const nonNegative = z.number().min(0);

export const summarySchema = z.object({
  n: z.int().min(1),
  min: z.number(),
  p05: z.number(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
  mean: z.number(),
});

export const bootstrapResultSchema = z.object({
  statistic: z.enum(['difference', 'ratio', 'shift']),
  paired: z.boolean(),
  estimate: z.number(),
  lo: z.number(),
  hi: z.number(),
  level: z.number(),
  resamples: z.int(),
  seed: z.int(),
  /** Whole rounds resampled (concurrency > 1): how many. */
  blocks: z.int().optional(),
});

export const loadSnapshotSchema = z.object({
  cpuUtilization: z.object({ mean: nonNegative, max: nonNegative }),
  memoryUtilization: z.object({ mean: nonNegative, max: nonNegative }),
  pendingPods: nonNegative,
  harnessConcurrency: nonNegative,
  nodeCount: nonNegative,
});

// ---- inputs: what the suites collected --------------------------------------------------

export const performanceConditionSchema = z.object({
  /** e.g. "concurrency-4". */
  name: z.string().min(1),
  concurrency: z.int().min(1),
  /** Load over the condition (the sampler's summary). */
  load: loadSnapshotSchema,
  /** Latency summaries per runtime per launcher phase, ms; `total` is create → Ready. */
  phases: z.record(runtime, z.record(z.string(), summarySchema)),
  /** runsc − runc of the total start (Hodges–Lehmann shift), ms; absent when too few pairs succeeded to compute it. */
  delta: bootstrapResultSchema.optional(),
  /** median(runsc) / median(runc) of the total start; absent like delta. */
  ratio: bootstrapResultSchema.optional(),
  /** runsc − runc (Hodges–Lehmann shift) of other phases (probeStarted, criRuntime: the node runtime's own share), reported, not judged. */
  phaseDeltas: z.record(z.string(), bootstrapResultSchema).optional(),
  /**
   * runsc's added start cost on the most precise clock that had the data (lib/stats/start-cost.ts):
   * what the gate judges by default. Absent in records written before it existed: the total then.
   */
  startCost: z
    .object({
      clock: z.enum(startClocks),
      phase: z.string(),
      n: z.int().min(0),
      delta: bootstrapResultSchema,
      ratio: bootstrapResultSchema,
      why: z.string(),
    })
    .optional(),
  /** Each measured node's clock against the harness's (node − harness, ms), read through node access. */
  clocks: z.record(z.string(), z.object({ offsetMs: z.number(), uncertaintyMs: nonNegative })).optional(),
  /** Pairs attempted, and pairs where both starts succeeded. */
  pairs: z.int().min(0),
  successes: z.int().min(0),
  /** The kubelet's own pod-start SLI (kubelet_pod_start_sli_duration_seconds), as a cross-check. */
  kubeletSli: z.partialRecord(runtime, z.object({ p50Ms: nonNegative, p99Ms: nonNegative, count: z.int().min(0) })).optional(),
});

export const securityAttemptSchema = z.object({
  id: z.string().min(1),
  category: z.string().min(1),
  runtime,
  /** hardened: the production pod profile; control: a weakened one showing the attempt can work. */
  profile: z.enum(['hardened', 'control']),
  verdict: z.enum(escapeVerdicts),
  /** sha256 of the evidence document, so a verdict can be traced to what the probe saw. */
  evidenceHash: z.string().min(1),
  detail: z.string().optional(),
  /** attack-surface: in-pod privilege probe, reported apart and never counted (lib/escape/catalog.ts). */
  scope: z.enum(['escape', 'attack-surface']).optional(),
  /** A block reported but not counted as judged: it proves only the harness's own pod spec. */
  unjudgedBecause: z.string().optional(),
  /** What the probe saw: succeeded (granted), blocked (denied), error, not-applicable; absent when there was no result. */
  probeOutcome: z.string().optional(),
});

/** One tenant-egress trial: did a NetworkPolicy stop a tenant pod's connection, and how fast. */
export const networkPolicyTrialSchema = z.object({
  runtime,
  /** The connection worked before the policy (the control); without it the trial proves nothing. */
  reachableBefore: z.boolean(),
  enforced: z.boolean(),
  /** Policy create → the connection stopped, on the pod's clock. */
  enforceMs: nonNegative.optional(),
  /** DNS and the named platform service still answered under the policy. */
  allowedKept: z.boolean(),
  /** Where the connection went that should have stopped (when not enforced). */
  target: z.string(),
  detail: z.string(),
});

/** How the gVisor sandboxes on one node run: their effective flags and what departs from the declared policy. */
export const gvisorConfigSchema = z.object({
  node: z.string().min(1),
  /** runsc-sandbox processes read on the node. */
  sandboxes: z.int().min(0),
  /** `runsc --version` on the node (first line), or why it could not be read. */
  runscVersion: z.string().optional(),
  /** Effective values of the reported flags (lib/gvisor/runsc-flags.ts reportedFlags), of the first sandbox. */
  flags: z.record(z.string(), z.string()),
  /** The runsc config file containerd's options name (ConfigPath), when they name one. */
  configPath: z.string().optional(),
  findings: z.array(z.object({ flag: z.string(), value: z.string(), expected: z.string(), source: z.string().optional(), acceptedBecause: z.string().optional() })),
});

/** What a run was tested on: the API server, the harness, and per node its versions (a trend across different ones compares apples and pears). */
export const testedEnvironmentSchema = z.object({
  apiServer: z.string(),
  harness: z.object({ version: z.string(), commit: z.string() }),
  nodes: z.array(
    z.object({
      name: z.string(),
      kubelet: z.string(),
      containerRuntime: z.string(),
      kernel: z.string(),
      osImage: z.string(),
      /** `runsc --version` on the node, from the gVisor configuration check; absent on nodes without gVisor or when it did not run. */
      runsc: z.string().optional(),
    }),
  ),
});

/** One runsc-sandbox (Sentry) or runsc-gofer process as seen from its node, and what is wrong with its posture. */
export const sandboxPostureSchema = z.object({
  node: z.string().min(1),
  role: z.enum(['sandbox', 'gofer']),
  pid: z.int(),
  /** Threads, and those with a seccomp filter. */
  threads: z.int().min(0),
  filteredThreads: z.int().min(0),
  noNewPrivs: z.string(),
  /** Effective capabilities by name. */
  capabilities: z.array(z.string()),
  /** Directories the process holds open. */
  dirFds: z.int().min(0),
  /** Departures from the posture gVisor's own checks expect; empty when it holds. */
  problems: z.array(z.string()),
});

export const resilienceScenarioSchema = z.object({
  id: z.string().min(1),
  runtime,
  passed: z.boolean(),
  figures: z.array(z.object({ name: z.string().min(1), valueMs: nonNegative })),
  lostResults: z.int().min(0),
  notes: z.array(z.string()),
  /** Set when the scenario could not be judged: the fault could not be injected, the node never came back, ... */
  infrastructureProblem: z.string().optional(),
  /** Set when the scenario was not tried (an optional permission is missing): the reason. Never judged, never a PASS. */
  skipped: z.string().optional(),
});

/**
 * One workload under both runtimes (suites/workloads): what each run came to against the
 * workload's expectation. The compatibility area compares them (lib/report/gate-compatibility.ts).
 */
export const compatibilityRecordSchema = z.object({
  workload: z.string().min(1),
  image: z.string().min(1),
  stresses: z.string(),
  /** A built-in of lib/workloads/builtin.ts, or the user's own (workloads.list). */
  builtin: z.boolean(),
  expect: z.object({ exitCode: z.int(), stdout: stdoutCheckSchema.optional() }),
  runc: workloadOutcomeSchema,
  runsc: workloadOutcomeSchema,
  /** What gVisor logged as unsupported in the runsc run's sandbox (lib/gvisor/unsupported-syscalls.ts); absent in records from before it was read. */
  gvisor: gvisorSandboxReportSchema.optional(),
});

/**
 * One resource limit under one runtime (suites/workloads/limits.test.ts): what the pod past the
 * limit came to, what its control showed, and the figures. The compatibility area holds runsc to
 * what runc enforces (lib/report/gate-limits.ts).
 */
export const limitCheckSchema = z.object({
  limit: z.enum(limitKinds),
  runtime,
  node: z.string().min(1),
  /** The limit as set, e.g. "memory 128Mi", "cpu 0.5", "podPidsLimit 1024 (kubelet)". */
  setting: z.string().min(1),
  status: z.enum(limitStatuses),
  /** What the pod past the limit came to, in a sentence. */
  outcome: z.string().min(1),
  /** What the control (the same pod unlimited, or below the limit) came to. */
  control: z.string().min(1),
  figures: z.array(z.object({ name: z.string().min(1), value: z.number(), unit: z.string().min(1) })),
  /** How this runtime enforces it, where that differs from the host kernel's own (the Sentry in the pod's memory, ...). */
  how: z.string().optional(),
});

/** One workload's in-container time over interleaved runc/runsc pairs (suites/workloads). */
export const workloadPerformanceSchema = z.object({
  workload: z.string().min(1),
  stresses: z.string(),
  builtin: z.boolean(),
  /** Pairs attempted, and pairs where both runs met the expectation (only those are timed). */
  pairs: z.int().min(0),
  successes: z.int().min(0),
  /** The workload's own time (stamps inside the container), ms, per runtime over the successful pairs. */
  runc: summarySchema.optional(),
  runsc: summarySchema.optional(),
  /** median(runsc) / median(runc) of the paired in-container times, paired bootstrap. */
  ratio: bootstrapResultSchema.optional(),
  /** CPU the workload's processes used (user + sys, the stamp's rusage), median ms per runtime: the Sentry's own work is not in it. */
  cpuMs: z.object({ runc: nonNegative, runsc: nonNegative }).optional(),
  /** Why a pair did not count, one line each. */
  failures: z.array(z.string()),
  /** Set when the workload was not timed (it differs under runsc, so a ratio would mean nothing): why. */
  notMeasured: z.string().optional(),
});

/** One host process of a pod in the overhead measurement (lib/overhead): its memory after the idle minute, its CPU. */
export const overheadProcessSchema = z.object({
  kind: z.enum(processKinds),
  /** argv[0] as the process names itself. */
  name: z.string(),
  pid: z.int(),
  /** smaps_rollup, kB, read after the idle interval. */
  rssKb: nonNegative,
  pssKb: nonNegative,
  pssAnonKb: nonNegative.optional(),
  pssFileKb: nonNegative.optional(),
  pssShmemKb: nonNegative.optional(),
  /** Private_Clean + Private_Dirty (USS): pages no other process maps, what one more such pod adds. */
  privateKb: nonNegative.optional(),
  /** utime+stime+cutime+cstime when the pod was first seen running, ms (0 for a process that started later). */
  startCpuMs: nonNegative,
  /** CPU ms it used over the idle interval. */
  idleCpuMs: nonNegative,
});

/** One idle pod's cost on its node (suites/workloads/sandbox-overhead.test.ts). */
export const overheadPodSchema = z.object({
  runtime,
  pod: z.string().min(1),
  node: z.string().min(1),
  /** The pod sandbox's id, from its containers' containerd bundles (CRI annotation io.kubernetes.cri.sandbox-id). */
  sandboxId: z.string().min(1),
  /** This pod's idle interval, ms (from its first idle reading to its second). */
  idleMs: nonNegative.optional(),
  processes: z.array(overheadProcessSchema),
  /** Sums over the overhead kinds (all but the container's own workload/app). */
  overhead: z.object({ rssKb: nonNegative, pssKb: nonNegative, privateKb: nonNegative.optional(), startCpuMs: nonNegative, idleCpuMsPerMin: nonNegative }),
  /** Sums over the container's own processes (runc: the container's; runsc: the systrap stubs). */
  workload: z.object({ rssKb: nonNegative, pssKb: nonNegative }),
});

export const runtimeOverheadSummarySchema = z.object({
  pods: z.int().min(1),
  /** Per process kind, over the pods (a kind's figure per pod is the sum over its processes). */
  kinds: z.partialRecord(z.enum(processKinds), z.object({ processesPerPod: nonNegative, rssKb: summarySchema, pssKb: summarySchema, idleCpuMsPerMin: summarySchema.optional() })),
  overhead: z.object({ rssKb: summarySchema, pssKb: summarySchema, privateKb: summarySchema.optional(), startCpuMs: summarySchema, idleCpuMsPerMin: summarySchema }),
  workloadPssKb: summarySchema,
});

/** A RuntimeClass's overhead.podFixed, as Kubernetes quantities. */
export const podFixedSchema = z.object({ cpu: z.string().optional(), memory: z.string().optional() });

/** The recommended RuntimeClass overhead.podFixed and the figures it came from (lib/overhead/recommend.ts). */
export const overheadRecommendationSchema = z.object({
  cpuMillicores: z.int().min(0),
  memoryMi: z.int().min(0),
  /** The rule in words, with its parameters. */
  rule: z.string(),
  /** runsc's p95 minus runc's p50: PSS kB, idle CPU millicores, start CPU ms. */
  basis: z.object({ pssKb: z.number(), idleMillicores: z.number(), startCpuMs: z.number() }),
});

/**
 * Sandbox resource overhead (issue 16 §2): N idle pods per runtime, each one's host processes
 * found on its node and read. Informative (a recommendation), but a pod whose processes could
 * not be found is an error, never a zero (`errors`, which the gate fails).
 */
export const sandboxOverheadSchema = z.object({
  runtimeClass: z.string().min(1),
  handler: z.string().optional(),
  /** The RuntimeClass's scheduling.nodeSelector, kept in the YAML the report shows. */
  nodeSelector: z.record(z.string(), z.string()).optional(),
  podsPerRuntime: z.int().min(0),
  idleSeconds: nonNegative,
  image: z.string(),
  pods: z.array(overheadPodSchema),
  summary: z.partialRecord(runtime, runtimeOverheadSummarySchema),
  recommendation: overheadRecommendationSchema.optional(),
  /** The RuntimeClass's overhead.podFixed as read from the cluster; absent when it has none. */
  existing: podFixedSchema.optional(),
  /** Pods whose processes could not be found or read on their node, one line each: the gate FAILs them. */
  errors: z.array(z.string()),
  /** Set when the measurement itself did not finish (a pod never started, the API failed): why. INCONCLUSIVE. */
  stopped: z.string().optional(),
});

/**
 * How one vitest project of the run ended (written by `gauntlet run` from vitest's JSON report).
 * A failed test is a failed claim, so it keeps its area from passing even when every recorded
 * figure is within its threshold.
 */
export const suiteOutcomeSchema = z.object({
  /** vitest project: performance | isolation | chaos. */
  project: z.string().min(1),
  /** The gate area the project feeds. */
  area: z.enum(gateAreas),
  /** Process exit code of `vitest run --project <project>`; null when it was killed by a signal. */
  exitCode: z.int().nullable(),
  tests: z.object({ total: z.int().min(0), passed: z.int().min(0), failed: z.int().min(0), skipped: z.int().min(0) }),
  /** Names of failed tests (they are claims), at most a handful. */
  failedTests: z.array(z.string()),
  durationMs: nonNegative,
});
export type SuiteOutcome = z.output<typeof suiteOutcomeSchema>;

/** A run stopped by a signal: what the CLI saw, and the suites it never started. */
export const interruptionSchema = z.object({
  signal: z.string().min(1),
  at: z.string().min(1),
  /** Suite projects that had not started (their areas count, as INCONCLUSIVE). */
  notRun: z.array(z.string()),
});

/** `gauntlet run --rerun-failed <run-id>`: only that run's failed or inconclusive tests ran again. */
export const rerunOfSchema = z.object({
  /** The run whose tests were run again. */
  runId: z.string().min(1),
  /** The tests run again, by name (suite and test name joined by spaces, as vitest -t matches them). */
  tests: z.array(z.string()),
  /** Failed or inconclusive there, but no test has that name now: not rerun. */
  unmatched: z.array(z.string()).optional(),
});
export type RerunOf = z.output<typeof rerunOfSchema>;

/**
 * One cell of the gVisor compatibility matrix of Chaos Mesh (suites/chaos/chaos-mesh-matrix.test.ts):
 * a fault applied to a probe pod of one runtime, what Chaos Mesh said, and what the harness saw.
 */
export const chaosMeshOutcomes = ['works', 'fails-loudly', 'silently-no-effect', 'undetermined'] as const;
export const chaosMeshCellSchema = z.object({
  fault: z.string().min(1),
  kind: z.string().min(1),
  runtime,
  outcome: z.enum(chaosMeshOutcomes),
  /** Chaos Mesh's own account: AllInjected, or its failed Apply events' messages. */
  chaosMesh: z.string(),
  /** What the harness measured, before and during. */
  evidence: z.string(),
  /** Resource created → AllInjected (or the failure), ms. */
  injectMs: nonNegative.optional(),
  /** What cleaning up had to force (a finalizer removed), if anything. */
  forcedCleanup: z.string().optional(),
  /** The Chaos Mesh version that was tested. */
  version: z.string(),
});
export type ChaosMeshCell = z.output<typeof chaosMeshCellSchema>;

export const runResultsSchema = z.object({
  runId: z.string().min(1),
  interrupted: interruptionSchema.optional(),
  /** Set on a partial rerun: the verdict covers only what these tests recorded. */
  rerunOf: rerunOfSchema.optional(),
  performance: z.array(performanceConditionSchema),
  security: z.array(securityAttemptSchema),
  /** Per gVisor node, the sandboxes' configuration against the declared policy; absent in runs before it was read. */
  gvisorConfig: z.array(gvisorConfigSchema).optional(),
  /** Tenant-egress trials (suites/isolation/network-policy.test.ts); absent in runs before them. */
  networkPolicy: z.array(networkPolicyTrialSchema).optional(),
  /** What the run was tested on (written once per run by the suites' global setup); absent in runs before it was recorded. */
  environment: testedEnvironmentSchema.optional(),
  /** Sandbox and gofer processes per gVisor node (suites/isolation/sandbox-posture.test.ts); absent in runs before them. */
  posture: z.array(sandboxPostureSchema).optional(),
  resilience: z.array(resilienceScenarioSchema),
  /** Workloads under both runtimes (suites/workloads); absent in runs before them. */
  compatibility: z.array(compatibilityRecordSchema).optional(),
  /** Their in-container times; absent in runs before them. */
  workloads: z.array(workloadPerformanceSchema).optional(),
  /** The sandbox resource overhead measurements (the gate shows the last); absent in runs before them. */
  overhead: z.array(sandboxOverheadSchema).optional(),
  /** Resource limits under both runtimes (suites/workloads/limits.test.ts); absent in runs before them. */
  limits: z.array(limitCheckSchema).optional(),
  /** The Chaos Mesh matrix's cells; absent in runs before it, or without Chaos Mesh. */
  chaosMesh: z.array(chaosMeshCellSchema).optional(),
  /** Problems of the cluster or machine that kept an area from collecting data (doctor failures, lost nodes). */
  infrastructureProblems: z.array(z.object({ area: z.enum(gateAreas), message: z.string() })).optional(),
  /** The vitest projects that ran; absent when the results came from elsewhere (then every area is judged). */
  suites: z.array(suiteOutcomeSchema).optional(),
});

export type PerformanceCondition = z.output<typeof performanceConditionSchema>;
export type SecurityAttempt = z.output<typeof securityAttemptSchema>;
export type GvisorConfig = z.output<typeof gvisorConfigSchema>;
export type NetworkPolicyTrial = z.output<typeof networkPolicyTrialSchema>;
export type SandboxPosture = z.output<typeof sandboxPostureSchema>;
export type TestedEnvironment = z.output<typeof testedEnvironmentSchema>;
export type ResilienceScenario = z.output<typeof resilienceScenarioSchema>;
export type CompatibilityRecord = z.output<typeof compatibilityRecordSchema>;
export type WorkloadPerformance = z.output<typeof workloadPerformanceSchema>;
export type SandboxOverhead = z.output<typeof sandboxOverheadSchema>;
export type OverheadPod = z.output<typeof overheadPodSchema>;
export type RuntimeOverheadSummary = z.output<typeof runtimeOverheadSummarySchema>;
export type OverheadRecommendation = z.output<typeof overheadRecommendationSchema>;
export type PodFixed = z.output<typeof podFixedSchema>;
export type LimitCheck = z.output<typeof limitCheckSchema>;
export type RunResults = z.output<typeof runResultsSchema>;

// ---- output: gate.json -----------------------------------------------------------------

/**
 * Why an area is INCONCLUSIVE. overload and infrastructure are the cluster's fault (exit 2,
 * rerun on a healthier cluster); the others mean the harness could not prove the claim (exit 1).
 */
export const inconclusiveCauses = ['overload', 'infrastructure', 'insufficient-data', 'no-data', 'probe-invalid', 'interrupted'] as const;
export type InconclusiveCause = (typeof inconclusiveCauses)[number];

const verdict = z.enum(gateVerdicts);

/** One number held against a threshold (or reported without one). */
export const gateFigureSchema = z.object({
  name: z.string(),
  value: z.number(),
  unit: z.enum(['ms', 'ratio', 'count']),
  /** value must be ≤ limit. */
  limit: z.number().optional(),
  ok: z.boolean().optional(),
});
export type GateFigure = z.output<typeof gateFigureSchema>;

const judged = {
  verdict,
  causes: z.array(z.enum(inconclusiveCauses)),
  reasons: z.array(z.string()),
};

export const conditionResultSchema = performanceConditionSchema.extend({
  ...judged,
  overload: z.object({ state: z.enum(['ok', 'overloaded']), reasons: z.array(z.string()) }),
  figures: z.array(gateFigureSchema),
});

export const categoryCountsSchema = z.object({
  category: z.string(),
  attempts: z.int(),
  /** Attempts with evidence either way (escaped, or blocked by something other than the harness's own pod spec). */
  judged: z.int().optional(),
  'blocked-by-gvisor': z.int(),
  'blocked-by-policy': z.int(),
  escaped: z.int(),
  'probe-invalid': z.int(),
  'not-applicable': z.int(),
});

export const workloadPerformanceResultSchema = workloadPerformanceSchema.extend({ ...judged, figures: z.array(gateFigureSchema) });

export const sandboxOverheadResultSchema = sandboxOverheadSchema.extend({ ...judged });

export const compatibilityResultSchema = compatibilityRecordSchema.extend({
  ...judged,
  /** The written exception that accepted a difference, with its reason. */
  acceptedBecause: z.string().optional(),
});

/** One limit judged: runsc held to what runc enforces. */
export const limitResultSchema = z.object({
  limit: z.enum(limitKinds),
  ...judged,
  runc: limitCheckSchema.optional(),
  runsc: limitCheckSchema.optional(),
  /** runsc does not enforce it, and the configuration accepts that for this reason (workloads.limitExceptions). */
  acceptedBecause: z.string().optional(),
});

export const scenarioResultSchema = resilienceScenarioSchema.extend({ ...judged, figures: z.array(gateFigureSchema) });

const areaBase = { ...judged, figures: z.array(gateFigureSchema), notes: z.array(z.string()) };

export const gateSchema = z.object({
  schema: z.literal(gateSchemaVersion),
  runId: z.string(),
  generatedAt: z.string(),
  verdict,
  exitCode: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(130)]),
  exitReason: z.string(),
  /** Set when the run was stopped by a signal: the gate is partial. */
  interrupted: interruptionSchema.optional(),
  /** Set on a partial rerun (`gauntlet run --rerun-failed`): only these tests of that run ran again. */
  rerunOf: rerunOfSchema.optional(),
  /**
   * The areas the verdict and exit code were computed over. Absent or all four: a full run.
   * A run of some suites only (`gauntlet run --suite isolation`) judges their areas and lists
   * the rest as not run; a release gate must be a full run (the release workflow checks this).
   */
  scope: z.array(z.enum(gateAreas)).optional(),
  suites: z.array(suiteOutcomeSchema).optional(),
  /** What was tested: the API server's, the harness's and every node's versions. */
  tested: testedEnvironmentSchema.optional(),
  thresholds: z.object({
    performance: performanceSchema,
    security: securitySchema,
    resilience: resilienceSchema,
    /** The workloads' accepted differences (workloads.exceptions); absent in gates before the area existed. */
    compatibility: z
      .object({ exceptions: z.array(workloadExceptionSchema), limitExceptions: z.array(z.object({ limit: z.enum(limitKinds), reason: z.string() })).default(() => []) })
      .default(() => ({ exceptions: [], limitExceptions: [] })),
    loadLimits: loadSchema.shape.limits,
  }),
  areas: z.object({
    security: z.object({
      ...areaBase,
      categories: z.array(categoryCountsSchema),
      attempts: z.array(securityAttemptSchema),
      gvisorConfig: z.array(gvisorConfigSchema).optional(),
      posture: z.array(sandboxPostureSchema).optional(),
      /** In-pod privilege probes: which kernel answered each cell, and whether it granted it. Never counted. */
      attackSurface: z.array(z.object({ id: z.string(), runtime, profile: z.enum(['hardened', 'control']), kernel: z.enum(['host', 'sentry']), answer: z.string() })).optional(),
    }),
    performance: z.object({
      ...areaBase,
      conditions: z.array(conditionResultSchema),
      /** Each workload's runsc/runc ratio of its in-container time; absent in gates before them. */
      workloads: z.array(workloadPerformanceResultSchema).default(() => []),
      /** The sandbox resource overhead and the recommended RuntimeClass overhead; absent when not measured. */
      overhead: sandboxOverheadResultSchema.optional(),
    }),
    compatibility: z
      .object({
        ...areaBase,
        workloads: z.array(compatibilityResultSchema),
        /** Resource limits: each enforced under runsc as under runc; absent in gates before them. */
        limits: z.array(limitResultSchema).default(() => []),
      })
      .default(() => ({ verdict: 'INCONCLUSIVE' as const, causes: ['no-data' as const], reasons: ['not in this gate: it was written before the compatibility area existed'], figures: [], notes: [], workloads: [], limits: [] })),
    resilience: z.object({
      ...areaBase,
      scenarios: z.array(scenarioResultSchema),
      skipped: z.array(z.object({ id: z.string(), runtime, reason: z.string() })).default([]),
      /** Which Chaos Mesh faults work against runc and runsc pods: a finding about the fault engine, reported, not judged. */
      chaosMeshMatrix: z.array(chaosMeshCellSchema).default([]),
    }),
  }),
});

export type Gate = z.output<typeof gateSchema>;
export type GateThresholds = Gate['thresholds'];
export type ConditionResult = z.output<typeof conditionResultSchema>;
export type ScenarioResult = z.output<typeof scenarioResultSchema>;
export type CategoryCounts = z.output<typeof categoryCountsSchema>;
export type SecurityAreaResult = Gate['areas']['security'];
export type PerformanceAreaResult = Gate['areas']['performance'];
export type ResilienceAreaResult = Gate['areas']['resilience'];
export type CompatibilityAreaResult = Gate['areas']['compatibility'];
export type CompatibilityResult = z.output<typeof compatibilityResultSchema>;
export type LimitResult = z.output<typeof limitResultSchema>;
export type WorkloadPerformanceResult = z.output<typeof workloadPerformanceResultSchema>;
export type SandboxOverheadResult = z.output<typeof sandboxOverheadResultSchema>;

// Compile-time check that the schemas describe exactly what lib/stats and lib/load produce.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemasMatchLibTypes: [
  Same<z.output<typeof summarySchema>, Summary>,
  Same<z.output<typeof bootstrapResultSchema>, BootstrapResult>,
  Same<z.output<typeof loadSnapshotSchema>, LoadSnapshot>,
] = [true, true, true];
void schemasMatchLibTypes;
