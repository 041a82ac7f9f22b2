/**
 * How suites hand their findings to the gate: one JSON line per finding, appended to
 * reports/<run-id>/records/<area>.jsonl. Files, not vitest's task.meta, because the
 * projects run as separate vitest processes and a crashed suite must not take the
 * findings of the others with it. Each record is validated against the gate's input
 * schema when written, so a bad figure fails the test that produced it.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { BadInputError } from '../errors.js';
import { reportsDir } from '../paths.js';
import { runId as currentRunId } from '../run-id.js';
import { gateAreas, type GateArea } from '../vocabulary.js';
import {
  chaosMeshCellSchema,
  compatibilityRecordSchema,
  performanceConditionSchema,
  workloadPerformanceSchema,
  sandboxOverheadSchema,
  limitCheckSchema,
  resilienceScenarioSchema,
  runResultsSchema,
  securityAttemptSchema,
  gvisorConfigSchema,
  sandboxPostureSchema,
  testedEnvironmentSchema,
  networkPolicyTrialSchema,
  type ChaosMeshCell,
  type CompatibilityRecord,
  type LimitCheck,
  type GvisorConfig,
  type WorkloadPerformance,
  type SandboxOverhead,
  type NetworkPolicyTrial,
  type PerformanceCondition,
  type ResilienceScenario,
  type RunResults,
  type SandboxPosture,
  type TestedEnvironment,
  type SecurityAttempt,
} from './gate-schema.js';

const infrastructureProblemSchema = z.object({ area: z.enum(gateAreas), message: z.string().min(1) });

const kinds = {
  performance: performanceConditionSchema,
  security: securityAttemptSchema,
  'gvisor-config': gvisorConfigSchema,
  posture: sandboxPostureSchema,
  environment: testedEnvironmentSchema,
  'network-policy': networkPolicyTrialSchema,
  resilience: resilienceScenarioSchema,
  compatibility: compatibilityRecordSchema,
  workloads: workloadPerformanceSchema,
  overhead: sandboxOverheadSchema,
  limits: limitCheckSchema,
  infrastructure: infrastructureProblemSchema,
  'chaos-mesh': chaosMeshCellSchema,
} as const;
type Kind = keyof typeof kinds;

export const recordsDir = (runId: string): string => join(reportsDir(runId), 'records');

function append(kind: Kind, value: unknown, runId: string): void {
  const parsed = kinds[kind].parse(value);
  const dir = recordsDir(runId);
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${kind}.jsonl`), `${JSON.stringify(parsed)}\n`);
}

export const recordPerformance = (c: PerformanceCondition, runId = currentRunId()): void => append('performance', c, runId);
export const recordSecurity = (a: SecurityAttempt, runId = currentRunId()): void => append('security', a, runId);
export const recordGvisorConfig = (c: GvisorConfig, runId = currentRunId()): void => append('gvisor-config', c, runId);
export const recordPosture = (p: SandboxPosture, runId = currentRunId()): void => append('posture', p, runId);
/** Once per run: what it was tested on (the newest record wins). */
export const recordEnvironment = (e: TestedEnvironment, runId = currentRunId()): void => append('environment', e, runId);
export const hasEnvironmentRecord = (runId = currentRunId()): boolean => existsSync(join(recordsDir(runId), 'environment.jsonl'));
export const recordNetworkPolicy = (t: NetworkPolicyTrial, runId = currentRunId()): void => append('network-policy', t, runId);
export const recordResilience = (s: ResilienceScenario, runId = currentRunId()): void => append('resilience', s, runId);
export const recordCompatibility = (r: CompatibilityRecord, runId = currentRunId()): void => append('compatibility', r, runId);
/** One resource limit under one runtime (suites/workloads/limits.test.ts). */
export const recordLimit = (c: LimitCheck, runId = currentRunId()): void => append('limits', c, runId);
export const recordWorkloadPerformance = (w: WorkloadPerformance, runId = currentRunId()): void => append('workloads', w, runId);
/** One overhead measurement (suites/workloads/sandbox-overhead.test.ts); the gate shows the last. */
export const recordOverhead = (o: SandboxOverhead, runId = currentRunId()): void => append('overhead', o, runId);
export const recordChaosMeshCell = (c: ChaosMeshCell, runId = currentRunId()): void => append('chaos-mesh', c, runId);
/** A problem of the cluster or machine that kept an area from collecting data. */
export const recordInfrastructureProblem = (area: GateArea, message: string, runId = currentRunId()): void =>
  append('infrastructure', { area, message }, runId);

function readLines(runId: string, kind: Kind): unknown[] {
  const file = join(recordsDir(runId), `${kind}.jsonl`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (err) {
        throw new BadInputError(`${file}:${i + 1} is not JSON`, 'the records of this run are damaged; rerun the suite', { cause: err });
      }
    });
}

/** Everything the suites of one run recorded, as the gate's input. */
export function collectRunResults(runId: string): RunResults {
  return runResultsSchema.parse({
    runId,
    performance: readLines(runId, 'performance'),
    security: readLines(runId, 'security'),
    gvisorConfig: readLines(runId, 'gvisor-config'),
    networkPolicy: readLines(runId, 'network-policy'),
    posture: readLines(runId, 'posture'),
    environment: readLines(runId, 'environment').at(-1),
    resilience: readLines(runId, 'resilience'),
    compatibility: readLines(runId, 'compatibility'),
    workloads: readLines(runId, 'workloads'),
    overhead: readLines(runId, 'overhead'),
    limits: readLines(runId, 'limits'),
    chaosMesh: readLines(runId, 'chaos-mesh'),
    infrastructureProblems: readLines(runId, 'infrastructure'),
  });
}
