/**
 * Benchmark of the harness itself (not a test): how long the performance suite takes to reach
 * a verdict, and how late the harness learns of a container start (the watch-delivery delay:
 * container start as the harness saw it through its watch, minus the probe's own first
 * timestamp), at p50 and p95.
 *
 *   flock /tmp/gauntlet-cluster.lock npx tsx scripts/bench-harness.ts            # runs the suite (profile as usual: CI=true ⇒ ci)
 *   GAUNTLET_PERF_PROFILE=ci flock /tmp/gauntlet-cluster.lock npx tsx scripts/bench-harness.ts
 *   npx tsx scripts/bench-harness.ts --run-id <id>                               # analyse an earlier run only
 *
 * The delays come from reports/<run-id>/performance/launches.jsonl, which the suite writes
 * (one line per probe launch). Only successful launches with both clocks count.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportsDir } from '../lib/paths.js';
import { generateRunId } from '../lib/run-id.js';
import { summary } from '../lib/stats/quantile.js';

interface LaunchLine {
  condition: string;
  runtime: string;
  status: string;
  watchDelayMs?: number;
  phases?: Record<string, number>;
}

function runSuite(runId: string): Promise<{ exitCode: number; wallMs: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['vitest', 'run', '--project', 'performance'], {
      stdio: 'inherit',
      env: { ...process.env, GAUNTLET_RUN_ID: runId },
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ exitCode: code ?? 1, wallMs: performance.now() - started }));
  });
}

function readLaunches(runId: string): LaunchLine[] {
  const file = join(reportsDir(runId), 'performance', 'launches.jsonl');
  if (!existsSync(file)) throw new Error(`${file} does not exist: did the performance suite run with GAUNTLET_RUN_ID=${runId}?`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LaunchLine);
}

const f = (x: number): string => x.toFixed(0);

function report(launches: LaunchLine[]): void {
  const ok = launches.filter((l) => l.status === 'succeeded' && typeof l.watchDelayMs === 'number');
  console.log(`\nwatch-delivery delay (harness-observed container start − probe's first timestamp), ms; ${ok.length} of ${launches.length} launches`);
  const groups: [string, LaunchLine[]][] = [
    ['all', ok],
    ...['runc', 'runsc'].map((rt): [string, LaunchLine[]] => [rt, ok.filter((l) => l.runtime === rt)]),
    ...[...new Set(ok.map((l) => l.condition))].map((c): [string, LaunchLine[]] => [`condition ${c}`, ok.filter((l) => l.condition === c)]),
  ];
  for (const [name, ls] of groups) {
    if (ls.length === 0) continue;
    const s = summary(ls.map((l) => l.watchDelayMs as number));
    console.log(`  ${name.padEnd(26)} n=${String(s.n).padStart(3)}  p50 ${f(s.p50).padStart(5)}  p95 ${f(s.p95).padStart(5)}  max ${f(s.max).padStart(5)}`);
  }
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--run-id');
  const given = at >= 0 ? process.argv[at + 1] : undefined;
  if (at >= 0 && !given) throw new Error('--run-id needs a value');
  let runId = given;
  if (runId === undefined) {
    runId = `bench-${generateRunId()}`;
    const { exitCode, wallMs } = await runSuite(runId);
    console.log(`\ntime to a verdict for the performance suite: ${(wallMs / 1000).toFixed(1)} s (vitest exit ${exitCode}; run ${runId})`);
  }
  report(readLaunches(runId));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
