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

export function startConditions(concurrency: readonly number[]): StartCondition[] {
  return [
    { name: 'idle', concurrency: 1, stress: false, claim: 'on an idle cluster, one pod at a time' },
    { name: 'cpu-stress', concurrency: 1, stress: true, claim: 'while harness stress pods burn CPU on every measured node' },
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
    throw new BadInputError(`GAUNTLET_PERF_CONDITIONS="${raw}" names no such condition: ${unknown.join(', ') || '(none given)'}`, `Use a comma list of ${known.join(', ')}, or unset it to run them all.`);
  }
  return all.filter((c) => asked.includes(c.name));
}
