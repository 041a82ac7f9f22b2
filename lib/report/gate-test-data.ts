/** Known inputs for the gate and trend tests: a run that passes every default threshold. */
import { defaultConfig } from '../config/schema.js';
import type { Summary } from '../stats/quantile.js';
import { thresholdsFrom } from './gate.js';
import type { CompatibilityRecord, GateThresholds, PerformanceCondition, ResilienceScenario, RunResults, SecurityAttempt, WorkloadPerformance } from './gate-schema.js';
import type { WorkloadOutcome } from '../workloads/outcome.js';

export const testThresholds = (): GateThresholds => structuredClone(thresholdsFrom(defaultConfig));

export const latency = (p50: number): Summary => ({
  n: 32,
  min: p50 - 100,
  p05: p50 - 80,
  p50,
  p95: p50 + 200,
  p99: p50 + 300,
  max: p50 + 400,
  mean: p50 + 20,
});

/** runsc's added cost on containerd's CRI clock, estimate [lo, hi] ms. */
export const criStartCost = (estimate: number, lo: number, hi: number): NonNullable<PerformanceCondition['startCost']> => ({
  clock: 'cri',
  phase: 'criRuntime',
  n: 32,
  delta: { statistic: 'shift', paired: true, estimate, lo, hi, level: 0.95, resamples: 2000, seed: 1 },
  ratio: { statistic: 'ratio', paired: true, estimate: 1.2, lo: 1.15, hi: 1.25, level: 0.95, resamples: 2000, seed: 1 },
  why: "containerd's CRI log lines for 32 pairs",
});

/**
 * runc 1000 ms, runsc 1090 ms; total delta 90 [70, 110] ms, ratio 1.09 [1.07, 1.11]; the
 * runtime's added cost on the CRI clock 60 [45, 75] ms; calm cluster.
 */
export function condition(concurrency: number, patch: Partial<PerformanceCondition> = {}): PerformanceCondition {
  return {
    name: `concurrency-${concurrency}`,
    concurrency,
    load: {
      cpuUtilization: { mean: 0.3, max: 0.5 },
      memoryUtilization: { mean: 0.4, max: 0.5 },
      pendingPods: 2,
      harnessConcurrency: concurrency,
      nodeCount: 2,
    },
    phases: {
      runc: { scheduled: latency(50), total: latency(1000) },
      runsc: { scheduled: latency(50), total: latency(1090) },
    },
    delta: { statistic: 'difference', paired: true, estimate: 90, lo: 70, hi: 110, level: 0.95, resamples: 2000, seed: 1 },
    ratio: { statistic: 'ratio', paired: true, estimate: 1.09, lo: 1.07, hi: 1.11, level: 0.95, resamples: 2000, seed: 1 },
    startCost: criStartCost(60, 45, 75),
    pairs: 32,
    successes: 32,
    ...patch,
  };
}

export function attempt(id: string, patch: Partial<SecurityAttempt> = {}): SecurityAttempt {
  return { id, category: 'filesystem', runtime: 'runsc', profile: 'hardened', verdict: 'blocked-by-gvisor', evidenceHash: `sha256:${id}`, ...patch };
}

export function scenario(id: string, figures: { name: string; valueMs: number }[], patch: Partial<ResilienceScenario> = {}): ResilienceScenario {
  return { id, runtime: 'runsc', passed: true, figures, lostResults: 0, notes: [], ...patch };
}

/** A run that met its expectation (exit 0, stdout "ok"). */
export const outcome = (patch: Partial<WorkloadOutcome> = {}): WorkloadOutcome => ({ status: 'completed', exitCode: 0, expectMet: true, problems: [], stdout: 'ok\n', workMs: 900, pod: 'w-1', ...patch });

/** A workload that behaves the same under both runtimes. */
export function compatibilityRecord(workload: string, patch: Partial<CompatibilityRecord> = {}): CompatibilityRecord {
  return { workload, image: 'registry.gauntlet.local/workloads:latest', stresses: 'CPU', builtin: true, expect: { exitCode: 0, stdout: { regex: '^ok$' } }, runc: outcome(), runsc: outcome({ pod: 'w-2' }), ...patch };
}

/** 10 of 10 pairs; runsc/runc 1.05 [1.01, 1.09]. */
export function workloadPerformance(workload: string, patch: Partial<WorkloadPerformance> = {}): WorkloadPerformance {
  return {
    workload,
    stresses: 'CPU',
    builtin: true,
    pairs: 10,
    successes: 10,
    runc: { ...latency(1000), n: 10 },
    runsc: { ...latency(1050), n: 10 },
    ratio: { statistic: 'ratio', paired: true, estimate: 1.05, lo: 1.01, hi: 1.09, level: 0.95, resamples: 2000, seed: 1 },
    failures: [],
    ...patch,
  };
}

export function passingRun(): RunResults {
  return {
    runId: 'run-1',
    performance: [condition(1), condition(4), condition(8)],
    security: [
      attempt('host-proc-read'),
      attempt('mount-escape', { verdict: 'blocked-by-policy' }),
      attempt('metadata-egress', { category: 'network', verdict: 'blocked-by-policy' }),
      attempt('host-proc-read', { runtime: 'runc', profile: 'control', verdict: 'escaped' }),
    ],
    resilience: [
      scenario('containerd-restart', [{ name: 'containerd-recovery', valueMs: 12_000 }]),
      scenario('node-loss', [
        { name: 'node-notready-detect', valueMs: 45_000 },
        { name: 'reschedule', valueMs: 8_000 },
      ]),
    ],
    compatibility: [compatibilityRecord('cpu-bound')],
    workloads: [workloadPerformance('cpu-bound')],
  };
}
