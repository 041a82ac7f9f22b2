/**
 * What `gauntlet run` runs, decided from the plan (lib/run/test-plan.ts): every test, those
 * --grep matches, or those --rerun-failed asks for again; per suite vitest's arguments, the
 * suites that have nothing to run, and the tests to count progress against. A selection that
 * is certainly empty is bad input (exit 2), said before anything slow.
 */
import { BadInputError } from '../errors.js';
import type { SuiteProject } from '../report/suite-outcome.js';
import type { Selection } from './progress-schema.js';
import { exactNamesPattern, selectRerun, type RerunSelection, type RerunWanted } from './rerun-failed.js';
import { renderPlan, testCount, testsOf, type TestPlan } from './test-plan.js';

export interface TestSelection {
  kind: Selection;
  /** Suites to run, in order, with vitest's extra arguments (-t, file filters). */
  suites: { project: SuiteProject; args: string[] }[];
  /** Suites with no test to run, left out. */
  left: { project: SuiteProject; why: string }[];
  /** Tests per suite that will run, where the plan knows (it may not list per-node files offline). */
  planned: Partial<Record<SuiteProject, number>>;
  /** The plan narrowed to the selection, for --dry-run. */
  plan: TestPlan;
  rerun?: RerunSelection;
}

/** --grep must be a regular expression vitest can use. */
export function checkGrep(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (err) {
    throw new BadInputError(`--grep ${JSON.stringify(pattern)} is not a regular expression: ${(err as Error).message}`, 'Pass a JavaScript regular expression; it is matched against test names as `gauntlet list` prints them.', { cause: err });
  }
}

/** A suite whose every file was listed: an empty match there is certain. */
const decidable = (plan: TestPlan, project: SuiteProject): boolean => plan.suites.find((s) => s.project === project)?.files.every((f) => !f.notListed) ?? false;

function narrowed(plan: TestPlan, keep: (project: SuiteProject, name: string) => boolean): TestPlan {
  return { ...plan, suites: plan.suites.map((s) => ({ ...s, files: s.files.map((f) => ({ ...f, tests: f.tests.filter((t) => keep(s.project, t)) })) })) };
}

function rerunSelection(plan: TestPlan, wanted: RerunWanted, grep: RegExp | undefined): TestSelection {
  const rerun = selectRerun(wanted, plan, grep ? (n) => grep.test(n) : undefined);
  const asked = wanted.projects.map((p) => p.project);
  if (rerun.projects.length === 0) {
    const shown = rerun.unmatched.slice(0, 5).map((u) => `${u.project}: ${u.what} (${u.why})`);
    throw new BadInputError(
      `none of the tests that failed or were inconclusive in run ${wanted.runId} can be run now${grep ? ` (with --grep ${grep.source})` : ''}: ${shown.join('; ')}${rerun.unmatched.length > 5 ? ` and ${rerun.unmatched.length - 5} more` : ''}`,
      'They were renamed or removed since, or made for nodes the target no longer has; `gauntlet list` shows the tests there are now. Start a full run with `gauntlet run`.',
    );
  }
  const chosen = new Map(rerun.projects.map((p) => [p.project, new Set(p.tests)]));
  return {
    kind: 'rerun',
    suites: rerun.projects.map((p) => ({ project: p.project, args: ['-t', exactNamesPattern(p.tests), ...p.files] })),
    left: asked.filter((p) => !chosen.has(p)).map((project) => ({ project, why: `nothing of run ${wanted.runId} to rerun can be matched in it` })),
    planned: Object.fromEntries(rerun.projects.map((p) => [p.project, p.tests.length])),
    plan: narrowed({ ...plan, suites: plan.suites.filter((s) => chosen.has(s.project)) }, (project, name) => chosen.get(project)?.has(name) ?? false),
    rerun,
  };
}

/** The selection from `plan` (collected with --grep already applied, if any). */
export function selectTests(plan: TestPlan, o: { grep?: string; rerun?: RerunWanted } = {}): TestSelection {
  const grep = o.grep !== undefined ? checkGrep(o.grep) : undefined;
  if (o.rerun) return rerunSelection(plan, o.rerun, grep);
  const counts = plan.suites.map((s) => ({ project: s.project, n: testsOf(s).length, decidable: decidable(plan, s.project) }));
  if (grep && counts.every((c) => c.decidable) && testCount(plan) === 0) {
    throw new BadInputError(
      `--grep ${JSON.stringify(o.grep)} matches no test of ${plan.suites.map((s) => s.project).join(', ')}`,
      'It is matched against the full test names `gauntlet list` prints (suite and test name, joined by spaces); check the spelling, or widen --suite.',
    );
  }
  // With --grep, a suite with certainly nothing to run is left out (its area is then not judged).
  const empty = (c: (typeof counts)[number]): boolean => grep !== undefined && c.decidable && c.n === 0;
  return {
    kind: grep ? 'grep' : 'all',
    suites: counts.filter((c) => !empty(c)).map((c) => ({ project: c.project, args: o.grep !== undefined ? ['-t', o.grep] : [] })),
    left: counts.filter(empty).map((c) => ({ project: c.project, why: `no test matches --grep ${JSON.stringify(o.grep)}` })),
    // Suites with files not listed (offline) get their count from vitest as it collects them.
    planned: Object.fromEntries(counts.filter((c) => c.decidable).map((c) => [c.project, c.n])),
    plan,
  };
}

/** Pure: the selection as text (`gauntlet run --dry-run`): the rerun's source, what is left out, then the plan. */
export function renderSelection(sel: TestSelection): string {
  const head: string[] = [];
  if (sel.rerun) {
    const n = sel.rerun.projects.reduce((k, p) => k + p.tests.length, 0);
    head.push(`rerun of run ${sel.rerun.runId}: ${n} test(s) that failed or were inconclusive there`);
    for (const u of sel.rerun.unmatched) head.push(`  cannot be matched, not rerun: ${u.project}: ${u.what} (${u.why})`);
  }
  for (const l of sel.left) head.push(`${l.project}: left out: ${l.why}`);
  return `${head.length > 0 ? `${head.join('\n')}\n\n` : ''}${renderPlan(sel.plan)}`;
}

/** vitest's extra arguments as a log shows them: a rerun's pattern can be long. */
export function describeArgs(args: readonly string[]): string {
  const text = args.join(' ');
  if (text.length <= 160) return text;
  const files = args.filter((a, i) => i > 1 && !a.startsWith('-'));
  return `-t <${args[0] === '-t' ? 'exact names' : '?'}> ${files.join(' ')}`.trim();
}
