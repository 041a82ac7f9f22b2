/**
 * A pod whose kernel contradicts its runtime proves nothing about that runtime: its results are
 * dropped and its attempts become probe-invalid (a runc pod posing as runsc must never yield
 * "blocked-by-gvisor").
 */
import type { GroupRun } from './group-pods.js';
import { runtimeIdentityProblems } from './runtime-proof.js';

/** Drops the results of pods whose identity contradicts their runtime, in place; returns the problems. */
export function dropContradictedPods(groups: GroupRun[], hostKernel: string | undefined): string[] {
  const problems: string[] = [];
  for (const g of groups) {
    if (!g.result) continue;
    const found = runtimeIdentityProblems(g.result.identity, g.runtime, hostKernel);
    if (found.length === 0) continue;
    problems.push(...found.map((p) => `${g.namespace}/${g.pod} (${g.runtime}): ${p}`));
    delete g.result;
    g.status = 'invalid';
    g.reason = `runtime identity contradicts ${g.runtime}: ${found.join('; ')}`;
  }
  return problems;
}
