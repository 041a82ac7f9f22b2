/**
 * The selection steps of `gauntlet run`: a quick offline check of --grep before anything slow,
 * then, with the target reachable, the plan (vitest's collection, per-node tests included) and
 * what it selects, said in the run's log.
 */
import { BadInputError } from '../errors.js';
import type { SuiteProject } from '../report/suite-outcome.js';
import { collectTests } from './collect-tests.js';
import type { RerunWanted } from './rerun-failed.js';
import { selectTests, type TestSelection } from './select-tests.js';

/** Certain for every suite whose files all list without a cluster; seconds. Throws BadInputError. */
export async function checkGrepOffline(projects: readonly SuiteProject[], grep: string, env: NodeJS.ProcessEnv): Promise<void> {
  selectTests(await collectTests({ projects, mode: 'offline', grep, env }), { grep });
}

export interface PlanRunOptions {
  projects: readonly SuiteProject[];
  grep?: string;
  rerun?: RerunWanted;
  /** The suites' environment (target, run id, config). */
  env: NodeJS.ProcessEnv;
  /** A dry run and a rerun need the plan; a plain run goes on without one (counts then come as vitest collects). */
  required: boolean;
  progress: (msg: string) => void;
}

export async function planRun(o: PlanRunOptions, collect: typeof collectTests = collectTests): Promise<TestSelection | undefined> {
  let selection: TestSelection | undefined;
  try {
    // A rerun's names are matched against every test; --grep then narrows them (select-tests.ts).
    const grep = o.rerun ? undefined : o.grep;
    const plan = await collect({ projects: o.projects, mode: 'online', env: o.env, ...(grep !== undefined && { grep }) });
    selection = selectTests(plan, { ...(o.grep !== undefined && { grep: o.grep }), ...(o.rerun && { rerun: o.rerun }) });
  } catch (err) {
    if (o.required || err instanceof BadInputError) throw err;
    o.progress(`could not list the tests beforehand (${(err as Error).message}); counting them as vitest collects them`);
    return undefined;
  }
  for (const l of selection.left) o.progress(`suite ${l.project}: left out, ${l.why}`);
  const r = selection.rerun;
  if (r) {
    o.progress(`rerun of run ${r.runId}: ${r.projects.reduce((n, p) => n + p.tests.length, 0)} test(s) that failed or were inconclusive there, in ${r.projects.map((p) => p.project).join(', ')}`);
    for (const u of r.unmatched) o.progress(`rerun: cannot be matched, not rerun: ${u.project}: ${u.what} (${u.why})`);
  }
  return selection;
}
