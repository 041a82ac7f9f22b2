/**
 * `gauntlet run --rerun-failed <run-id>`: the tests that failed or were inconclusive in an
 * earlier run, read from its vitest-<project>.json reports (and results.json for an
 * interrupted run or a project that never reported), then matched against what the suites
 * would run now (lib/run/test-plan.ts). What cannot be matched is said, never dropped silently.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { BadInputError } from '../errors.js';
import { reportFiles } from '../report/report-files.js';
import { suiteProjects, type SuiteProject } from '../report/suite-outcome.js';
import { isValidRunId } from '../run-id.js';
import type { TestPlan } from './test-plan.js';

/** Why a test is asked for again. */
export type RerunWhy = 'failed' | 'skipped in a file that failed' | 'not run: the run was interrupted';

export interface WantedTest {
  name: string;
  why: RerunWhy;
}

export interface WantedProject {
  project: SuiteProject;
  tests: WantedTest[];
  /** Files that failed without reporting a test (import error, a hook before any test): all their tests. */
  files: { path: string; why: string }[];
  /** Set when the whole project is asked for (it never reported): why. */
  whole?: string;
}

export interface RerunWanted {
  runId: string;
  projects: WantedProject[];
}

const vitestJsonSchema = z.object({
  testResults: z
    .array(
      z.object({
        name: z.string(),
        status: z.string(),
        message: z.string().optional(),
        assertionResults: z.array(z.object({ fullName: z.string(), status: z.string() })).default([]),
      }),
    )
    .default([]),
});

const runResultsSubset = z.object({
  interrupted: z.object({ notRun: z.array(z.string()) }).optional(),
  suites: z.array(z.object({ project: z.string(), exitCode: z.number().nullable() })).optional(),
});

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    throw new BadInputError(`${file} is not valid JSON: ${(err as Error).message}`, 'The report was cut short or edited; rerun that run in full instead.', { cause: err });
  }
}

const skipped = new Set(['skipped', 'pending', 'todo']);

/** Pure: what to rerun of one project, from its vitest JSON report. */
export function wantedFromVitestJson(project: SuiteProject, json: unknown, interrupted: boolean): WantedProject {
  const parsed = vitestJsonSchema.safeParse(json);
  if (!parsed.success) throw new BadInputError(`vitest-${project}.json is not a vitest JSON report: ${parsed.error.issues[0]?.message ?? '?'}`, 'Rerun that run in full instead.');
  const tests: WantedTest[] = [];
  const files: WantedProject['files'] = [];
  for (const f of parsed.data.testResults) {
    const fileFailed = f.status === 'failed';
    if (fileFailed && f.assertionResults.length === 0) {
      files.push({ path: f.name, why: `failed without a test result${f.message ? `: ${f.message}` : ''}` });
      continue;
    }
    for (const a of f.assertionResults) {
      const name = a.fullName.trim();
      if (a.status === 'failed') tests.push({ name, why: 'failed' });
      else if (skipped.has(a.status) && interrupted) tests.push({ name, why: 'not run: the run was interrupted' });
      // A failing beforeAll leaves its tests skipped: they are unproven, not passed.
      else if (skipped.has(a.status) && fileFailed) tests.push({ name, why: 'skipped in a file that failed' });
    }
  }
  return { project, tests, files };
}

const anythingWanted = (p: WantedProject): boolean => p.tests.length > 0 || p.files.length > 0 || p.whole !== undefined;

/** The newest run ids under `reportsRoot` (by when they were written: ids need not sort by time), for a hint. */
function knownRuns(reportsRoot: string): string[] {
  if (!existsSync(reportsRoot)) return [];
  return readdirSync(reportsRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && isValidRunId(d.name))
    .map((d) => ({ id: d.name, at: statSync(join(reportsRoot, d.name)).mtimeMs }))
    .sort((a, b) => b.at - a.at)
    .map((r) => r.id);
}

/** What run `runId` left to rerun; BadInputError when the run is unknown or has nothing to rerun. */
export function readRerunWanted(runId: string, dir: string = reportFiles(runId).dir): RerunWanted {
  if (!isValidRunId(runId)) throw new BadInputError(`--rerun-failed "${runId}" is not a run id`, 'Pass a directory name under reports/, e.g. 20260101-120000-ab12.');
  if (!existsSync(dir)) {
    const recent = knownRuns(join(dir, '..')).slice(0, 3);
    throw new BadInputError(`run ${runId} is unknown: ${dir} does not exist`, recent.length > 0 ? `Pass one of the runs under reports/ (newest: ${recent.join(', ')}).` : 'There are no runs under reports/ yet: run `gauntlet run` first.');
  }
  const resultsFile = join(dir, 'results.json');
  const results = existsSync(resultsFile) ? runResultsSubset.safeParse(readJson(resultsFile)) : undefined;
  const interrupted = results?.success ? results.data.interrupted : undefined;
  const ran = results?.success ? (results.data.suites ?? []).map((s) => s.project) : [];
  const projects: WantedProject[] = [];
  for (const project of suiteProjects) {
    const file = join(dir, `vitest-${project}.json`);
    if (existsSync(file)) {
      projects.push(wantedFromVitestJson(project, readJson(file), interrupted !== undefined));
    } else if (interrupted?.notRun.includes(project)) {
      projects.push({ project, tests: [], files: [], whole: 'never started: the run was interrupted' });
    } else if (ran.includes(project)) {
      projects.push({ project, tests: [], files: [], whole: `ran but wrote no vitest-${project}.json (it crashed early)` });
    }
  }
  if (projects.length === 0) {
    throw new BadInputError(
      `run ${runId} has nothing to rerun: ${dir} holds no vitest report (vitest-${suiteProjects.join('.json, vitest-')}.json)`,
      'The run ended before any suite reported (see its doctor.txt); start a full run with `gauntlet run`.',
    );
  }
  const wanted = projects.filter(anythingWanted);
  if (wanted.length === 0) {
    throw new BadInputError(
      `run ${runId} has no failed or inconclusive tests: every test of ${projects.map((p) => p.project).join(', ')} passed or was skipped on purpose`,
      `Nothing to rerun. For a full run drop --rerun-failed; to judge that run again use \`gauntlet gate --run-id ${runId}\`.`,
    );
  }
  return { runId, projects: wanted };
}

/** Only the suites named with --suite; BadInputError when none of them has anything to rerun. */
export function rerunWithin(wanted: RerunWanted, suites: readonly SuiteProject[] | undefined): RerunWanted {
  if (!suites) return wanted;
  const projects = wanted.projects.filter((p) => suites.includes(p.project));
  if (projects.length === 0) {
    throw new BadInputError(
      `run ${wanted.runId} has nothing to rerun in ${suites.join(', ')}: its failed or inconclusive tests are in ${wanted.projects.map((p) => p.project).join(', ')}`,
      'Drop --suite, or name one of those suites.',
    );
  }
  return { ...wanted, projects };
}

export interface RerunSelection {
  runId: string;
  /** Per project: the test names to run (vitest -t) and the files that hold them (vitest's file filters). */
  projects: { project: SuiteProject; tests: string[]; files: string[] }[];
  /** What was asked for and is not among the tests the suites would run now. */
  unmatched: { project: SuiteProject; what: string; why: string }[];
}

const endsWithFile = (path: string, file: string): boolean => path === file || path.endsWith(`/${file}`);

/**
 * Pure: the wanted tests matched against the plan of the same projects (collected with the
 * cluster, so per-node tests are there); `keep` narrows by --grep.
 */
export function selectRerun(wanted: RerunWanted, plan: TestPlan, keep: (name: string) => boolean = () => true): RerunSelection {
  const projects: RerunSelection['projects'] = [];
  const unmatched: RerunSelection['unmatched'] = [];
  for (const w of wanted.projects) {
    const suite = plan.suites.find((s) => s.project === w.project);
    if (!suite) continue;
    const chosen = new Map<string, Set<string>>(); // file → names
    const take = (file: string, names: readonly string[]): void => {
      const set = chosen.get(file) ?? new Set<string>();
      for (const n of names) if (keep(n)) set.add(n);
      if (set.size > 0) chosen.set(file, set);
    };
    if (w.whole !== undefined) for (const f of suite.files) take(f.file, f.tests);
    for (const bad of w.files) {
      const f = suite.files.find((x) => endsWithFile(bad.path, x.file));
      if (f && f.tests.length > 0) take(f.file, f.tests);
      else unmatched.push({ project: w.project, what: bad.path, why: f ? `the file has no test to run now (${f.notListed?.reason ?? 'none collected'})` : 'the file is not in the suite any more' });
    }
    for (const t of w.tests) {
      const f = suite.files.find((x) => x.tests.includes(t.name));
      if (f) take(f.file, [t.name]);
      else unmatched.push({ project: w.project, what: t.name, why: `${t.why} in run ${wanted.runId}, but no test of ${w.project} has this name now (renamed, removed, or made for a node that is gone)` });
    }
    if (chosen.size > 0) projects.push({ project: w.project, tests: [...chosen.values()].flatMap((s) => [...s]), files: [...chosen.keys()].sort() });
  }
  return { runId: wanted.runId, projects, unmatched };
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The vitest -t pattern that matches exactly these names (vitest matches -t against the full name). */
export const exactNamesPattern = (names: readonly string[]): string => `^(?:${names.map(escapeRegExp).join('|')})$`;
