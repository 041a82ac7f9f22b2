/**
 * How much the performance suite measures: the full profile locally, a smaller one in CI so the
 * suite fits its 8-minute CI budget. Only the amount of data changes, never a threshold.
 *
 *   full (default): pairs, minSuccesses and stressPairs from config (32 / 28 / 16), calibration 5 runc starts
 *   ci   (CI=true): pairs min(config, 8), minSuccesses min(config, 6), stressPairs min(config, 8), calibration 3
 *
 * The workloads suite follows the same choice: workloads.pairs (10), or min(that, 4) under ci.
 *
 * GAUNTLET_PERF_PROFILE=full|ci overrides the choice (e.g. `ci` for a quick local run).
 * The gate judges minSuccesses from the config it is given, so a CI run's gate needs the same
 * numbers in its config (performance.pairs: 8, performance.minSuccesses: 6) to judge, not
 * call the condition INCONCLUSIVE for insufficient data.
 */
import { BadInputError } from '../errors.js';

export const ciProfileLimits = Object.freeze({ pairs: 8, minSuccesses: 6, calibrationStarts: 3 });
export const fullCalibrationStarts = 5;

export interface PerformanceProfile {
  name: 'full' | 'ci';
  pairs: number;
  minSuccesses: number;
  /** Pairs of the cpu-stress condition (lib/perf/conditions.ts conditionData). */
  stressPairs: number;
  /** runc starts at idle after the warm-up, the baseline of the load-aware budgets. */
  calibrationStarts: number;
}

export const isCi = (env: NodeJS.ProcessEnv = process.env): boolean => {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
};

export function performanceProfile(config: { pairs: number; minSuccesses: number; stressPairs?: number }, env: NodeJS.ProcessEnv = process.env): PerformanceProfile {
  const asked = env.GAUNTLET_PERF_PROFILE?.trim();
  if (asked !== undefined && asked !== '' && asked !== 'full' && asked !== 'ci') {
    throw new BadInputError(`GAUNTLET_PERF_PROFILE="${asked}" is neither "full" nor "ci"`, 'Set it to full or ci, or unset it (CI=true then picks ci).');
  }
  const name = asked === 'full' || asked === 'ci' ? asked : isCi(env) ? 'ci' : 'full';
  // Never above pairs: conditionData (lib/perf/conditions.ts) holds that rule.
  const stressPairs = config.stressPairs ?? config.pairs;
  if (name === 'full') return { name, pairs: config.pairs, minSuccesses: config.minSuccesses, stressPairs, calibrationStarts: fullCalibrationStarts };
  return {
    name,
    pairs: Math.min(config.pairs, ciProfileLimits.pairs),
    minSuccesses: Math.min(config.minSuccesses, ciProfileLimits.minSuccesses),
    stressPairs: Math.min(stressPairs, ciProfileLimits.pairs),
    calibrationStarts: ciProfileLimits.calibrationStarts,
  };
}

/** The workloads suite's CI profile: fewer pairs per workload, under the same switch as the start's. */
export const ciWorkloadPairs = 4;

/** Pairs per workload for this profile: the configured ones, or min(config, ciWorkloadPairs) under the ci profile. */
export function workloadPairs(configured: number, env: NodeJS.ProcessEnv = process.env): { profile: 'full' | 'ci'; pairs: number } {
  const p = performanceProfile({ pairs: 2, minSuccesses: 1 }, env);
  return { profile: p.name, pairs: p.name === 'ci' ? Math.min(configured, ciWorkloadPairs) : configured };
}

/** How often the load sampler reads the kubelet summaries during a condition. */
export const loadSampleIntervalMs = 2_000;

/** The overhead measurement's CI profile: fewer idle pods per runtime, under the same switch. */
export const ciOverheadPods = 2;

/** Idle pods per runtime for this profile: the configured ones, or min(config, ciOverheadPods) under the ci profile. */
export function overheadPods(configured: number, env: NodeJS.ProcessEnv = process.env): { profile: 'full' | 'ci'; pods: number } {
  const p = performanceProfile({ pairs: 2, minSuccesses: 1 }, env);
  return { profile: p.name, pods: p.name === 'ci' ? Math.min(configured, ciOverheadPods) : configured };
}
