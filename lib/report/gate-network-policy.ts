/**
 * NetworkPolicy enforcement as security evidence: the tenant-egress trials of the isolation
 * suite. A policy that was applied and did not stop the connection fails the security area,
 * naming what was reached; the time to enforcement is a figure (p50 and max over the run).
 * A trial whose control failed (nothing answered before the policy) proves nothing.
 */
import { summary } from '../stats/quantile.js';
import type { GateFigure, NetworkPolicyTrial } from './gate-schema.js';

export interface NetworkPolicyJudgement {
  failures: string[];
  unproven: string[];
  figures: GateFigure[];
}

export function judgeNetworkPolicy(trials: readonly NetworkPolicyTrial[], budgetMs?: number): NetworkPolicyJudgement {
  const failures: string[] = [];
  const unproven = trials.filter((t) => !t.reachableBefore).map((t) => `${t.runtime}: ${t.detail}`);
  const proven = trials.filter((t) => t.reachableBefore);
  const leaked = proven.filter((t) => !t.enforced);
  if (leaked.length > 0) {
    failures.push(`NetworkPolicy is not enforced: tenant pods reached ${[...new Set(leaked.map((t) => `${t.target} (${t.runtime})`))].join(', ')} after the tenant policy was applied`);
  }
  const cut = proven.filter((t) => t.enforced && !t.allowedKept);
  if (cut.length > 0) failures.push(`the tenant policy also cut what it allows (DNS or a named platform service): ${cut.map((t) => `${t.runtime}: ${t.detail}`).join('; ')}`);
  const times = proven.flatMap((t) => (t.enforced && t.enforceMs !== undefined ? [t.enforceMs] : []));
  const figures: GateFigure[] = [];
  if (times.length > 0) {
    const s = summary(times);
    figures.push({ name: 'NetworkPolicy enforced after (p50)', value: Math.round(s.p50), unit: 'ms' });
    figures.push({ name: 'NetworkPolicy enforced after (max)', value: Math.round(s.max), unit: 'ms', ...(budgetMs !== undefined ? { limit: budgetMs, ok: s.max <= budgetMs } : {}) });
  }
  return { failures, unproven, figures };
}
