/**
 * The figures of one performance condition from its start pairs: per runtime and per phase the
 * latency summary (p05/p50/p95/max ...), and for a chosen phase the runsc − runc delta (the
 * Hodges–Lehmann shift, lib/stats/bootstrap.ts) and runsc / runc median ratio with paired
 * bootstrap CIs. Pure: no I/O.
 *
 * Which starts count:
 * - summaries: every successful start of that runtime that has the phase;
 * - delta and ratio: only pairs where both starts succeeded and both have the phase, resampled
 *   as pairs (lib/stats/bootstrap.ts), so both members share the cluster moment they ran in;
 *   when a round held more than one pair (concurrency > 1), whole rounds are resampled instead
 *   (a block bootstrap), since the pods of one round share their conditions.
 */
import { medianRatioCI, shiftCI, type BootstrapResult } from './bootstrap.js';
import { summary, type Summary } from './quantile.js';

export type Side = 'runc' | 'runsc';

/** One start as the figures need it: did it succeed, and its phase durations in ms. */
export interface StartSample {
  succeeded: boolean;
  phases: Partial<Record<string, number>>;
}

export interface StartPair {
  runc: StartSample;
  runsc: StartSample;
  /** The round the pair ran in; pairs of one round started together. */
  round?: number;
}

export interface BootstrapSettings {
  resamples: number;
  seed: number;
  level: number;
}

export interface Comparison {
  /** Pairs where both starts succeeded and had the phase. */
  n: number;
  delta: BootstrapResult;
  ratio: BootstrapResult;
}

export interface ConditionFigures {
  phases: Record<Side, Record<string, Summary>>;
  pairs: number;
  /** Pairs where both starts succeeded. */
  successes: number;
  /** Per phase compared; absent for a phase no complete pair has. */
  comparisons: Record<string, Comparison>;
}

function summaries(samples: readonly StartSample[]): Record<string, Summary> {
  const byPhase = new Map<string, number[]>();
  for (const s of samples) {
    if (!s.succeeded) continue;
    for (const [phase, ms] of Object.entries(s.phases)) {
      if (ms === undefined || !Number.isFinite(ms)) continue;
      const xs = byPhase.get(phase) ?? [];
      xs.push(ms);
      byPhase.set(phase, xs);
    }
  }
  return Object.fromEntries([...byPhase.entries()].map(([phase, xs]) => [phase, summary(xs)]));
}

/** The phase's values of the pairs where both starts succeeded and have it, with each pair's round (or a round of its own). */
export function pairedSamples(pairs: readonly StartPair[], phase: string): { runsc: number[]; runc: number[]; rounds: number[] } {
  const runsc: number[] = [];
  const runc: number[] = [];
  const rounds: number[] = [];
  pairs.forEach((p, i) => {
    const a = p.runsc.phases[phase];
    const b = p.runc.phases[phase];
    if (p.runsc.succeeded && p.runc.succeeded && a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b)) {
      runsc.push(a);
      runc.push(b);
      rounds.push(p.round ?? -1 - i);
    }
  });
  return { runsc, runc, rounds };
}

/** Paired delta and ratio CIs of one phase; undefined when no pair has it on both sides (or a runc value is ≤ 0). */
export function comparePhase(pairs: readonly StartPair[], phase: string, settings: BootstrapSettings): Comparison | undefined {
  const { runsc, runc, rounds } = pairedSamples(pairs, phase);
  if (runsc.length === 0 || runc.some((x) => x <= 0)) return undefined;
  const options = { paired: true, ...settings, ...(sharesRounds(rounds) && { blocks: rounds }) };
  return { n: runsc.length, delta: shiftCI(runsc, runc, options), ratio: medianRatioCI(runsc, runc, options) };
}

/** Some round held more than one pair. */
const sharesRounds = (rounds: readonly number[]): boolean => new Set(rounds).size < rounds.length;

export function conditionFigures(pairs: readonly StartPair[], comparedPhases: readonly string[], settings: BootstrapSettings): ConditionFigures {
  const comparisons: Record<string, Comparison> = {};
  for (const phase of comparedPhases) {
    const c = comparePhase(pairs, phase, settings);
    if (c) comparisons[phase] = c;
  }
  return {
    phases: { runc: summaries(pairs.map((p) => p.runc)), runsc: summaries(pairs.map((p) => p.runsc)) },
    pairs: pairs.length,
    successes: pairs.filter((p) => p.runc.succeeded && p.runsc.succeeded).length,
    comparisons,
  };
}
