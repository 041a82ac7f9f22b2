/**
 * How long each suite took before: the basis of the time-left estimate. Per suite, the newest
 * earlier run in which it ran to the end over all its tests: from that run's progress.json
 * (runs with --grep or --rerun-failed do not count), else, for runs older than progress.json,
 * its results.json. Reads at most `historyRunsScanned` runs, newest first.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { isValidRunId } from '../run-id.js';
import { runProgressSchema, type PreviousDuration } from './progress-schema.js';

export const historyRunsScanned = 30;

const resultsSubset = z.object({
  interrupted: z.unknown().optional(),
  rerunOf: z.unknown().optional(),
  suites: z.array(z.object({ project: z.string(), exitCode: z.number().nullable(), durationMs: z.number().min(0) })).optional(),
});

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Pure: the suites' durations one run's files give, if it counts. */
export function durationsOfRun(runId: string, progress: unknown, results: unknown): Map<string, PreviousDuration> {
  const out = new Map<string, PreviousDuration>();
  const p = runProgressSchema.safeParse(progress);
  if (p.success) {
    if (p.data.phase !== 'done' || p.data.selection !== 'all') return out;
    for (const s of p.data.suites) {
      if (s.state === 'done' && s.exitCode !== null && s.durationMs !== undefined) out.set(s.project, { runId, durationMs: s.durationMs, ...(s.total !== undefined && { total: s.total }) });
    }
    return out;
  }
  const r = resultsSubset.safeParse(results);
  if (!r.success || r.data.interrupted !== undefined || r.data.rerunOf !== undefined) return out;
  for (const s of r.data.suites ?? []) if (s.exitCode !== null) out.set(s.project, { runId, durationMs: s.durationMs });
  return out;
}

/** Per project, the newest earlier duration under `reportsRoot` (reports/), other than `currentRunId`'s. */
export function previousDurations(reportsRoot: string, currentRunId: string, projects: readonly string[]): Map<string, PreviousDuration> {
  const found = new Map<string, PreviousDuration>();
  if (!existsSync(reportsRoot)) return found;
  const runs = readdirSync(reportsRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && isValidRunId(d.name) && d.name !== currentRunId)
    .flatMap((d) => {
      const dir = join(reportsRoot, d.name);
      const file = ['progress.json', 'results.json'].map((f) => join(dir, f)).find((f) => existsSync(f));
      return file ? [{ runId: d.name, dir, mtimeMs: statSync(file).mtimeMs }] : [];
    })
    // By when they ended, not by name: a run id given through GAUNTLET_RUN_ID need not sort by time.
    .sort((a, b) => b.mtimeMs - a.mtimeMs)
    .slice(0, historyRunsScanned);
  for (const run of runs) {
    if (projects.every((p) => found.has(p))) break;
    const durations = durationsOfRun(run.runId, readJson(join(run.dir, 'progress.json')), readJson(join(run.dir, 'results.json')));
    for (const [project, d] of durations) if (projects.includes(project) && !found.has(project)) found.set(project, d);
  }
  return found;
}
