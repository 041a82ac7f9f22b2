/**
 * The release gate: run results + thresholds → gate.json (schema sandbox-gauntlet/gate/v1).
 *
 * Overall verdict: FAIL if any area FAILs; else INCONCLUSIVE if any area is INCONCLUSIVE
 * (an area with no data is INCONCLUSIVE, never PASS); PASS only if all four areas PASS.
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
import { judgeCompatibility } from './gate-compatibility.js';
import { gateSchemaVersion, type Gate, type GateThresholds, type GvisorConfig, type InconclusiveCause, type RunResults, type SuiteOutcome, type TestedEnvironment } from './gate-schema.js';
import { combineVerdicts } from './gate-verdicts.js';
import { areasOfProject, type SuiteProject } from './suite-outcome.js';

export { combineVerdicts } from './gate-verdicts.js';

export function thresholdsFrom(config: Pick<GauntletConfig, 'performance' | 'security' | 'resilience' | 'load' | 'workloads'>): GateThresholds {
  return {
    performance: config.performance,
    security: config.security,
    resilience: config.resilience,
    compatibility: { exceptions: config.workloads.exceptions, limitExceptions: config.workloads.limitExceptions },
    loadLimits: config.load.limits,
  };
}

/** Pure: the tested environment with each gVisor node's runsc version, as the configuration check read it. */
export function withRunscVersions(e: TestedEnvironment, gvisor: readonly GvisorConfig[]): TestedEnvironment {
  return { ...e, nodes: e.nodes.map((n) => { const v = gvisor.find((g) => g.node === n.name)?.runscVersion; return v ? { ...n, runsc: v } : n; }) };
}

const infraCauses: ReadonlySet<InconclusiveCause> = new Set(['overload', 'infrastructure']);

/** The exit code and its one-line reason for a judged set of areas (`scope`: the areas that count; default all). */
export function exitCodeFor(
  areas: Record<GateArea, { verdict: GateVerdict; causes: readonly InconclusiveCause[] }>,
  scope: readonly GateArea[] = gateAreas,
): {
  verdict: GateVerdict;
  exitCode: ExitCode;
  exitReason: string;
} {
  const judged = gateAreas.filter((a) => scope.includes(a));
  const verdict = combineVerdicts(judged.map((a) => areas[a].verdict));
  const list = (v: GateVerdict): string => judged.filter((a) => areas[a].verdict === v).join(', ');
  if (verdict === 'PASS') {
    const partial = judged.length < gateAreas.length ? ` (partial run: ${judged.join(', ')} judged; ${gateAreas.filter((a) => !judged.includes(a)).join(', ')} not run)` : '';
    return { verdict, exitCode: ExitCode.pass, exitReason: partial ? `${judged.join(', ')} passed${partial}` : 'all areas passed' };
  }
  if (verdict === 'FAIL') return { verdict, exitCode: ExitCode.gateFail, exitReason: `gate failed: ${list('FAIL')}` };
  const causes = judged.filter((a) => areas[a].verdict === 'INCONCLUSIVE').flatMap((a) => areas[a].causes);
  if (causes.includes('interrupted')) {
    return { verdict, exitCode: ExitCode.interrupted, exitReason: `interrupted: a partial run, not a verdict (${list('INCONCLUSIVE')} unproven); run it again` };
  }
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

/** An interrupted run: every area it asked for that did not FAIL is INCONCLUSIVE (interrupted); a FAIL seen before the signal stands. */
function applyInterruption(areas: Gate['areas'], scope: readonly GateArea[], interrupted: NonNullable<RunResults['interrupted']>): void {
  for (const a of scope) {
    const area = areas[a];
    area.reasons.push(`interrupted by ${interrupted.signal} at ${interrupted.at}${interrupted.notRun.length > 0 ? `; never started: ${interrupted.notRun.join(', ')}` : ''}`);
    if (area.verdict === 'FAIL') continue;
    area.verdict = 'INCONCLUSIVE';
    if (!area.causes.includes('interrupted')) area.causes.push('interrupted');
  }
}

/** Areas a run covered: those the suites that ran feed, or all when the results do not say. */
export function scopeOf(results: RunResults): GateArea[] {
  if (!results.suites || results.suites.length === 0) return [...gateAreas];
  return gateAreas.filter((a) => results.suites?.some((s) => s.area === a || areasOfProject(s.project).includes(a)));
}

/** A project ran in this run (or the results do not say which did: then every one counts). */
const projectRan = (results: RunResults, project: SuiteProject): boolean =>
  !results.suites || results.suites.length === 0 || results.suites.some((s) => s.project === project) || (results.interrupted?.notRun.includes(project) ?? false);

/**
 * A project whose tests failed fails its area: test names are claims. Exception: an area
 * already INCONCLUSIVE because of infrastructure keeps that verdict (the broken cluster
 * explains the failures; exit 2 asks for a rerun). A project that exited non-zero without a
 * failed test (crashed, collection error) leaves its claims unproven: INCONCLUSIVE. In an
 * interrupted run failed tests are listed, not judged (applyInterruption makes the area INCONCLUSIVE).
 */
function applySuiteOutcomes(areas: Gate['areas'], suites: readonly SuiteOutcome[], interrupted: boolean): void {
  for (const s of suites) {
    const area = areas[s.area];
    const junit = `junit-${s.project}.xml`;
    if (s.tests.failed > 0) {
      const names = s.failedTests.slice(0, 3).join('; ') + (s.tests.failed > 3 ? ' …' : '');
      const reason = `vitest project ${s.project}: ${s.tests.failed} of ${s.tests.total} test(s) failed (${junit}): ${names}`;
      // Interrupted: the undo ends the test in flight with an error, so a failed test is no
      // finding (the area is INCONCLUSIVE); what the suites recorded still fails on its own.
      if (interrupted) {
        area.reasons.push(`${reason}; not judged, the run was interrupted`);
        continue;
      }
      area.reasons.push(reason);
      if (!(area.verdict === 'INCONCLUSIVE' && area.causes.includes('infrastructure'))) area.verdict = 'FAIL';
    } else if (s.exitCode !== 0) {
      area.reasons.push(`vitest project ${s.project} exited with ${s.exitCode === null ? 'a signal' : `code ${s.exitCode}`} before reporting every test (${junit})`);
      if (area.verdict === 'PASS') area.verdict = 'INCONCLUSIVE';
      if (area.verdict === 'INCONCLUSIVE' && !area.causes.includes('insufficient-data')) area.causes.push('insufficient-data');
    } else if (s.tests.total === 0) {
      area.notes.push(`vitest project ${s.project} ran no tests`);
    }
  }
}

/** A partial rerun: each judged area says first that it saw only the rerun tests' records. */
function applyRerun(areas: Gate['areas'], scope: readonly GateArea[], r: NonNullable<RunResults['rerunOf']>): void {
  const unmatched = r.unmatched?.length ? `; ${r.unmatched.length} of its failed or inconclusive test(s) could not be matched and were not rerun` : '';
  for (const a of scope) {
    areas[a].reasons.unshift(`partial rerun of run ${r.runId}: only the ${r.tests.length} test(s) that failed or were inconclusive there ran again${unmatched}; the verdict covers what they recorded, not the whole area`);
  }
}

export function computeGate(results: RunResults, thresholds: GateThresholds, options: GateOptions = {}): Gate {
  const security = judgeSecurity(results.security, thresholds.security, { gvisorConfig: results.gvisorConfig ?? [], networkPolicy: results.networkPolicy ?? [], posture: results.posture ?? [] });
  const performance = judgePerformance(results.performance, thresholds.performance, thresholds.loadLimits, results.workloads ?? [], {
    start: projectRan(results, 'performance'),
    workloads: projectRan(results, 'workloads'),
  }, results.overhead ?? []);
  const resilience = judgeResilience(results.resilience, thresholds.resilience, results.chaosMesh ?? []);
  const compatibility = judgeCompatibility(results.compatibility ?? [], thresholds.compatibility.exceptions, results.limits ?? [], thresholds.compatibility.limitExceptions);
  const areas = { security, performance, resilience, compatibility };

  // Infrastructure problems reported by the run keep an area from PASSing: its data is incomplete.
  for (const p of results.infrastructureProblems ?? []) {
    const area = areas[p.area];
    area.reasons.push(`infrastructure: ${p.message}`);
    if (area.verdict === 'PASS') area.verdict = 'INCONCLUSIVE';
    if (area.verdict === 'INCONCLUSIVE' && !area.causes.includes('infrastructure')) area.causes.push('infrastructure');
  }
  applySuiteOutcomes(areas, results.suites ?? [], results.interrupted !== undefined);

  const interruptedAreas = (results.interrupted?.notRun ?? []).flatMap((p) => areasOfProject(p));
  const scope = [...new Set([...scopeOf(results), ...interruptedAreas])].sort((x, y) => gateAreas.indexOf(x) - gateAreas.indexOf(y));
  if (results.interrupted) applyInterruption(areas, scope, results.interrupted);
  if (results.rerunOf) applyRerun(areas, scope, results.rerunOf);
  for (const a of gateAreas) if (!scope.includes(a)) areas[a].notes.push('not run in this run; not part of the verdict');
  const exit = exitCodeFor(areas, scope);
  return {
    schema: gateSchemaVersion,
    runId: results.runId,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    ...exit,
    ...(results.rerunOf && { exitReason: `${exit.exitReason} (partial rerun of run ${results.rerunOf.runId}: ${results.rerunOf.tests.length} test(s))` }),
    ...(scope.length < gateAreas.length && { scope }),
    ...(results.interrupted && { interrupted: results.interrupted }),
    ...(results.rerunOf && { rerunOf: results.rerunOf }),
    ...(results.suites && { suites: results.suites }),
    ...(results.environment && { tested: withRunscVersions(results.environment, results.gvisorConfig ?? []) }),
    thresholds,
    areas,
  };
}
