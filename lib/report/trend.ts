/**
 * Trend: what got worse since the previous gate.json. Three kinds of regression:
 * - start-overhead: a condition's median delta (runsc − runc) now lies above the previous
 *   run's CI upper bound, i.e. outside what the previous run's noise allowed.
 * - new-escape: a hardened runsc attempt id escaped now but did not before (including
 *   attempts that did not exist before: new attack, new hole). Same scope as the security
 *   gate: runc and control escapes are expected and never regressions.
 * - slower-recovery: a resilience figure (per scenario, runtime, figure name) grew by more
 *   than maxRecoveryGrowth (default 0.2, config trend.maxRecoveryGrowth) over the previous value.
 * Things only one of the two gates has (conditions, scenarios) are notes, not regressions.
 * Informational: the gate verdict does not change because of the trend.
 */
import type { Gate } from './gate-schema.js';
import { startCostOf } from './gate-performance.js';

export const trendSchemaVersion = 'sandbox-gauntlet/trend/v1';

export type RegressionKind = 'start-overhead' | 'new-escape' | 'slower-recovery';

export interface Regression {
  kind: RegressionKind;
  /** condition name, attempt id (runtime), or scenario id (runtime) / figure name. */
  subject: string;
  previous: number | string | null;
  current: number | string;
  message: string;
}

export interface Trend {
  schema: typeof trendSchemaVersion;
  currentRunId: string;
  previousRunId: string;
  regressions: Regression[];
  notes: string[];
}

export interface TrendOptions {
  maxRecoveryGrowth?: number;
  /** Compare even when the two gates were tested on different runsc or Kubernetes versions. */
  compareAcrossVersions?: boolean;
}

/** Pure: how the two gates' tested versions differ (runsc per gVisor node, kubelet, API server); empty when they match or either lacks the record. */
export function versionDifferences(current: Gate, previous: Gate): string[] {
  const [c, p] = [current.tested, previous.tested];
  if (!c || !p) return [];
  const set = (xs: readonly (string | undefined)[]): string => [...new Set(xs.filter((x): x is string => x !== undefined))].sort().join(', ') || 'none';
  const out: string[] = [];
  const pairs: [string, string, string][] = [
    ['runsc', set(p.nodes.map((n) => n.runsc)), set(c.nodes.map((n) => n.runsc))],
    ['kubelet', set(p.nodes.map((n) => n.kubelet)), set(c.nodes.map((n) => n.kubelet))],
    ['API server', p.apiServer, c.apiServer],
  ];
  for (const [what, before, now] of pairs) if (before !== now) out.push(`${what} ${before} then, ${now} now`);
  return out;
}

function overheadRegressions(current: Gate, previous: Gate, notes: string[]): Regression[] {
  const out: Regression[] = [];
  const prev = new Map(previous.areas.performance.conditions.map((c) => [c.name, c]));
  for (const c of current.areas.performance.conditions) {
    const p = prev.get(c.name);
    if (!p) {
      notes.push(`condition ${c.name} is new in this run`);
      continue;
    }
    const now = startCostOf(c);
    const before = startCostOf(p);
    if (!now || !before) continue;
    // Figures on different clocks are different quantities: compare only like with like.
    if (now.clock !== before.clock) {
      notes.push(`${c.name}: the added start cost is on ${now.clock} now and was on ${before.clock}, so it is not compared`);
      continue;
    }
    // So are two statistics of one clock (the shift replaced the difference of medians on 2 December).
    if (now.delta.statistic !== before.delta.statistic) {
      notes.push(`${c.name}: the added start cost is a ${now.delta.statistic} now and was a ${before.delta.statistic}, so it is not compared`);
      continue;
    }
    if (now.delta.estimate > before.delta.hi) {
      out.push({
        kind: 'start-overhead',
        subject: c.name,
        previous: before.delta.hi,
        current: now.delta.estimate,
        message: `${c.name}: runsc's added start cost (${now.phase}) ${now.delta.estimate.toFixed(0)} ms is above the previous CI [${before.delta.lo.toFixed(0)}, ${before.delta.hi.toFixed(0)}] ms`,
      });
    }
  }
  for (const name of prev.keys()) {
    if (!current.areas.performance.conditions.some((c) => c.name === name)) notes.push(`condition ${name} was measured before but not now`);
  }
  return out;
}

function escapeRegressions(current: Gate, previous: Gate): Regression[] {
  const key = (a: { id: string; runtime: string }): string => `${a.id} (${a.runtime})`;
  const product = (a: { profile: string; runtime: string }): boolean => a.profile === 'hardened' && a.runtime === 'runsc';
  const before = new Map(previous.areas.security.attempts.filter(product).map((a) => [key(a), a.verdict]));
  return current.areas.security.attempts
    .filter((a) => product(a) && a.verdict === 'escaped' && before.get(key(a)) !== 'escaped')
    .map((a) => ({
      kind: 'new-escape' as const,
      subject: key(a),
      previous: before.get(key(a)) ?? null,
      current: a.verdict,
      message: `${key(a)} [${a.category}] escaped; before: ${before.get(key(a)) ?? 'not attempted'}`,
    }));
}

function recoveryRegressions(current: Gate, previous: Gate, growth: number): Regression[] {
  const out: Regression[] = [];
  const before = new Map<string, number>();
  for (const s of previous.areas.resilience.scenarios) {
    for (const f of s.figures) if (f.unit === 'ms') before.set(`${s.id} (${s.runtime}) / ${f.name}`, f.value);
  }
  for (const s of current.areas.resilience.scenarios) {
    for (const f of s.figures) {
      const subject = `${s.id} (${s.runtime}) / ${f.name}`;
      const p = before.get(subject);
      if (f.unit !== 'ms' || p === undefined) continue;
      if (f.value > p * (1 + growth)) {
        const pct = p > 0 ? `+${(((f.value - p) / p) * 100).toFixed(0)} %` : 'up from 0';
        out.push({
          kind: 'slower-recovery',
          subject,
          previous: p,
          current: f.value,
          message: `${subject}: ${f.value.toFixed(0)} ms, was ${p.toFixed(0)} ms (${pct}, more than ${(growth * 100).toFixed(0)} %)`,
        });
      }
    }
  }
  return out;
}

export function compareGates(current: Gate, previous: Gate, options: TrendOptions = {}): Trend {
  const growth = options.maxRecoveryGrowth ?? 0.2;
  if (!(growth >= 0)) throw new RangeError(`trend: maxRecoveryGrowth must be ≥ 0, got ${growth}`);
  const notes: string[] = [];
  const differ = versionDifferences(current, previous);
  if (differ.length > 0 && options.compareAcrossVersions !== true) {
    // Two different clusters: a difference could be the versions', not a regression.
    notes.push(`not compared: the baseline was tested on other versions (${differ.join('; ')}); pass --compare-across-versions to compare anyway`);
    return { schema: trendSchemaVersion, currentRunId: current.runId, previousRunId: previous.runId, regressions: [], notes };
  }
  if (differ.length > 0) notes.push(`compared across versions (${differ.join('; ')})`);
  const regressions = [
    ...overheadRegressions(current, previous, notes),
    ...escapeRegressions(current, previous),
    ...recoveryRegressions(current, previous, growth),
  ];
  return { schema: trendSchemaVersion, currentRunId: current.runId, previousRunId: previous.runId, regressions, notes };
}
