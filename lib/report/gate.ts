/**
 * The release gate: run results + thresholds → gate.json (schema sandbox-gauntlet/gate/v1).
 *
 * Overall verdict: FAIL if any area FAILs; else INCONCLUSIVE if any area is INCONCLUSIVE
 * (an area with no data is INCONCLUSIVE, never PASS); PASS only if all three areas PASS.
 *
 * Exit codes (lib/vocabulary.ts has only 0, 1, 2):
 * - PASS → 0; FAIL → 1.
 * - INCONCLUSIVE → 2 only when every inconclusive area was caused by overload or
 *   infrastructure: the same commit may pass on a healthier cluster, so CI should retry or page
 *   the platform team, which is what exit 2 ("bad input or infrastructure") means.
 * - INCONCLUSIVE for any other cause (no data, too few successful pairs, a probe that proved
 *   nothing) → 1: the claim is unproven and a plain rerun will not prove it, so the release is
 *   blocked like a failure. A gate must never let "we don't know" through as success.
 */
import type { GauntletConfig } from '../config/schema.js';
import { ExitCode, gateAreas, type GateArea, type GateVerdict } from '../vocabulary.js';
import { judgePerformance } from './gate-performance.js';
import { judgeResilience } from './gate-resilience.js';
import { judgeSecurity } from './gate-security.js';
import { gateSchemaVersion, type Gate, type GateThresholds, type InconclusiveCause, type RunResults } from './gate-schema.js';
import { combineVerdicts } from './gate-verdicts.js';

export { combineVerdicts } from './gate-verdicts.js';

export function thresholdsFrom(config: Pick<GauntletConfig, 'performance' | 'security' | 'resilience' | 'load'>): GateThresholds {
  return {
    performance: config.performance,
    security: config.security,
    resilience: config.resilience,
    loadLimits: config.load.limits,
  };
}

const infraCauses: ReadonlySet<InconclusiveCause> = new Set(['overload', 'infrastructure']);

/** The exit code and its one-line reason for a judged set of areas. */
export function exitCodeFor(areas: Record<GateArea, { verdict: GateVerdict; causes: readonly InconclusiveCause[] }>): {
  verdict: GateVerdict;
  exitCode: ExitCode;
  exitReason: string;
} {
  const verdict = combineVerdicts(gateAreas.map((a) => areas[a].verdict));
  const list = (v: GateVerdict): string => gateAreas.filter((a) => areas[a].verdict === v).join(', ');
  if (verdict === 'PASS') return { verdict, exitCode: ExitCode.pass, exitReason: 'all areas passed' };
  if (verdict === 'FAIL') return { verdict, exitCode: ExitCode.gateFail, exitReason: `gate failed: ${list('FAIL')}` };
  const causes = gateAreas.filter((a) => areas[a].verdict === 'INCONCLUSIVE').flatMap((a) => areas[a].causes);
  if (causes.length > 0 && causes.every((c) => infraCauses.has(c))) {
    return { verdict, exitCode: ExitCode.badInputOrInfra, exitReason: `inconclusive because of the cluster (${[...new Set(causes)].join(', ')}) in ${list('INCONCLUSIVE')}: rerun on a healthier cluster` };
  }
  return {
    verdict,
    exitCode: ExitCode.gateFail,
    exitReason: `inconclusive (${[...new Set(causes)].join(', ') || 'unknown'}) in ${list('INCONCLUSIVE')}: the claim is unproven, so the gate blocks`,
  };
}

export interface GateOptions {
  /** ISO timestamp; pass it in to keep the computation pure and reproducible. Default: now. */
  generatedAt?: string;
}

export function computeGate(results: RunResults, thresholds: GateThresholds, options: GateOptions = {}): Gate {
  const security = judgeSecurity(results.security, thresholds.security);
  const performance = judgePerformance(results.performance, thresholds.performance, thresholds.loadLimits);
  const resilience = judgeResilience(results.resilience, thresholds.resilience);
  const areas = { security, performance, resilience };

  // Infrastructure problems reported by the run keep an area from PASSing: its data is incomplete.
  for (const p of results.infrastructureProblems ?? []) {
    const area = areas[p.area];
    area.reasons.push(`infrastructure: ${p.message}`);
    if (area.verdict === 'PASS') area.verdict = 'INCONCLUSIVE';
    if (area.verdict === 'INCONCLUSIVE' && !area.causes.includes('infrastructure')) area.causes.push('infrastructure');
  }

  return {
    schema: gateSchemaVersion,
    runId: results.runId,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    ...exitCodeFor(areas),
    thresholds,
    areas,
  };
}
