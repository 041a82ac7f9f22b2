/**
 * What a run would run: per suite project, its files and the names of the tests each would
 * run, from vitest's own collection (lib/run/collect-tests.ts). Names are as vitest's `-t`
 * matches them (suite and test names joined by spaces), so a listed name is a valid --grep.
 */
import { z } from 'zod';
import { gateAreas } from '../vocabulary.js';
import { areaOfProject, type SuiteProject } from '../report/suite-outcome.js';

/** What the collecting child writes: one entry per test module vitest collected. */
export const collectedSchema = z.object({
  modules: z.array(
    z.object({
      project: z.string(),
      /** Relative to the repository root. */
      file: z.string(),
      /** Tests that would run (not skipped by --grep, `.skip` or `.todo`). */
      tests: z.array(z.string()),
      /** The file could not be collected. */
      error: z.object({ name: z.string(), message: z.string() }).optional(),
    }),
  ),
  /** Errors outside any file (vitest's unhandled errors). */
  errors: z.array(z.string()),
});
export type Collected = z.output<typeof collectedSchema>;

export const plannedFileSchema = z.object({
  file: z.string(),
  tests: z.array(z.string()),
  /** Set when the file's tests are unknown: why, and whether only the cluster could tell. */
  notListed: z.object({ reason: z.string(), needsCluster: z.boolean() }).optional(),
});
export type PlannedFile = z.output<typeof plannedFileSchema>;

export const plannedSuiteSchema = z.object({
  project: z.enum(Object.keys(areaOfProject) as [SuiteProject, ...SuiteProject[]]),
  area: z.enum(gateAreas),
  files: z.array(plannedFileSchema),
});
export type PlannedSuite = z.output<typeof plannedSuiteSchema>;

export const testPlanSchema = z.object({
  /** Collected without a cluster: files that make their tests from the cluster are not listed. */
  offline: z.boolean(),
  grep: z.string().optional(),
  suites: z.array(plannedSuiteSchema),
});
export type TestPlan = z.output<typeof testPlanSchema>;

/** Pure: the plan of `projects` (in that order) from what vitest collected. */
export function planFrom(collected: Collected, projects: readonly SuiteProject[], o: { offline: boolean; grep?: string }): TestPlan {
  const suites = projects.map((project): PlannedSuite => ({
    project,
    area: areaOfProject[project],
    files: collected.modules
      .filter((m) => m.project === project)
      .sort((a, b) => a.file.localeCompare(b.file))
      .map((m) => ({
        file: m.file,
        tests: m.tests,
        ...(m.error && { notListed: { reason: m.error.message, needsCluster: m.error.name === 'NeedsClusterError' } }),
      })),
  }));
  return { offline: o.offline, ...(o.grep !== undefined && { grep: o.grep }), suites };
}

export const testsOf = (s: PlannedSuite): string[] => s.files.flatMap((f) => f.tests);
export const testCount = (plan: TestPlan): number => plan.suites.reduce((n, s) => n + testsOf(s).length, 0);
export const unlistedFiles = (plan: TestPlan): { project: SuiteProject; file: PlannedFile }[] =>
  plan.suites.flatMap((s) => s.files.filter((f) => f.notListed).map((file) => ({ project: s.project, file })));

/** Pure: the plan as text, for `gauntlet list` and `gauntlet run --dry-run`. */
export function renderPlan(plan: TestPlan): string {
  const out: string[] = [];
  for (const s of plan.suites) {
    const tests = testsOf(s);
    const listed = s.files.filter((f) => f.tests.length > 0);
    const unlisted = s.files.filter((f) => f.notListed);
    out.push(`${s.project} (area ${s.area}): ${tests.length} test(s) in ${listed.length} file(s)${unlisted.length > 0 ? `; ${unlisted.length} file(s) not listed` : ''}`);
    for (const f of s.files) {
      if (f.notListed) {
        out.push(`  ${f.file}: not listed: ${f.notListed.reason}`);
        continue;
      }
      if (f.tests.length === 0) continue;
      out.push(`  ${f.file}`, ...f.tests.map((t) => `    ${t}`));
    }
  }
  const unlisted = unlistedFiles(plan);
  const needCluster = unlisted.filter((u) => u.file.notListed?.needsCluster).length;
  out.push(
    '',
    `${testCount(plan)} test(s)${plan.grep !== undefined ? ` matching --grep ${JSON.stringify(plan.grep)}` : ''} in ${plan.suites.map((s) => s.project).join(', ')}` +
      (unlisted.length > 0 ? `; ${unlisted.length} file(s) not listed${needCluster > 0 ? ` (${needCluster} make their tests from the cluster: \`gauntlet run --dry-run\` lists them)` : ''}` : '') +
      (plan.grep !== undefined && testCount(plan) === 0 && unlisted.length > 0 ? '; --grep matches none of the tests listed, but may match in the files not listed' : ''),
  );
  return `${out.join('\n')}\n`;
}
