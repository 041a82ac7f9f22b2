/**
 * The performance suite's start conditions: idle, CPU stress from the harness's own pods, and
 * each configured concurrency above 1. GAUNTLET_PERF_CONDITIONS (a comma list of their names)
 * runs only some, e.g. `idle` for a quick look or for `gauntlet prove`, whose slow-create
 * sabotage needs only the idle figure.
 */
import { BadInputError } from '../errors.js';

export interface StartCondition {
  name: string;
  concurrency: number;
  stress: boolean;
  claim: string;
}

/** The condition measured while the harness's stress pods burn CPU. */
export const stressConditionName = 'cpu-stress';

export function startConditions(concurrency: readonly number[]): StartCondition[] {
  return [
    { name: 'idle', concurrency: 1, stress: false, claim: 'on an idle cluster, one pod at a time' },
    { name: stressConditionName, concurrency: 1, stress: true, claim: 'while harness stress pods burn CPU on every measured node' },
    ...concurrency.filter((c) => c !== 1).map((c) => ({ name: `concurrency-${c}`, concurrency: c, stress: false, claim: `with ${c} pods starting at once` })),
  ];
}

/** The conditions GAUNTLET_PERF_CONDITIONS names, in the suite's order; all when it is unset or empty. */
export function selectConditions(all: readonly StartCondition[], env: NodeJS.ProcessEnv = process.env): StartCondition[] {
  const raw = env.GAUNTLET_PERF_CONDITIONS?.trim();
  if (raw === undefined || raw === '') return [...all];
  const asked = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const known = all.map((c) => c.name);
  const unknown = asked.filter((a) => !known.includes(a));
  if (unknown.length > 0 || asked.length === 0) {
    // The known names are in the message too: a suite's collection error shows the message only.
    throw new BadInputError(
      `GAUNTLET_PERF_CONDITIONS="${raw}" names no such condition: ${unknown.join(', ') || '(none given)'}; the conditions are ${known.join(', ')}`,
      `Use a comma list of ${known.join(', ')}, or unset it to run them all.`,
    );
  }
  return all.filter((c) => asked.includes(c.name));
}

/** How much data one condition takes, and how much must succeed for it to be judged. */
export interface ConditionData {
  pairs: number;
  minSuccesses: number;
}

/**
 * Pure: cpu-stress takes `stressPairs` (at most `pairs`) and `minSuccesses` in the same proportion,
 * rounded up (16 of 32 pairs: 14 of 28); every other condition takes `pairs` and `minSuccesses`.
 * The suite and the gate both ask this, so they never disagree on a condition's bar.
 */
export function conditionData(name: string, t: { pairs: number; minSuccesses: number; stressPairs?: number }): ConditionData {
  if (name !== stressConditionName || t.stressPairs === undefined) return { pairs: t.pairs, minSuccesses: t.minSuccesses };
  const pairs = Math.min(t.stressPairs, t.pairs);
  return { pairs, minSuccesses: Math.ceil((t.minSuccesses * pairs) / t.pairs) };
}
