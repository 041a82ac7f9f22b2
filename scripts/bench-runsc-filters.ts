/**
 * Benchmark (not a test): sandbox start on this host with two runsc binaries, one whose Sentry
 * compiles its seccomp filter at boot (the go branch's stub) and one with the programs
 * precompiled (fixtures/cluster/build/gvisor/seccomp-precompile). docs/measurement-method.md,
 * "runsc's seccomp filters", has the figures and why.
 *
 *   npx tsx scripts/bench-runsc-filters.ts --baseline <runsc> --candidate <runsc> [--n 20]
 *
 * One start is `runsc --network=none --platform=systrap --debug-log=<dir>/ do true` (create,
 * start, wait and delete of a sandbox over the host's root, in memory), timed with the monotonic
 * clock around the child process: the wall figure. The filter figure is the Sentry's own: in its
 * boot log (info level; --debug is off for timed starts), from the "SECCOMP WARNING" line that
 * opens filter.Install to the first line after it from neither filter.go nor seccomp.go, i.e. the
 * time to get the filter installed. On a busy host the wall figure drowns a few milliseconds;
 * the filter figure does not. The two binaries alternate, which goes first swapping every round,
 * after one discarded warm-up start each. Before timing, one --debug start of each says from its
 * boot log whether it loaded a precompiled program or compiled one. Each runsc gets a --root of
 * its own in a temporary directory: nothing here touches the local cluster's runsc state. Needs
 * root, like runsc do.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { medianDifferenceCI, medianRatioCI } from '../lib/stats/bootstrap.js';
import { summary } from '../lib/stats/quantile.js';

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const v = process.argv[at + 1];
  if (v === undefined) throw new Error(`--${name} needs a value`);
  return v;
}

const baseline = arg('baseline');
const candidate = arg('candidate');
const n = Number(arg('n') ?? 20);
if (!baseline || !candidate || !Number.isInteger(n) || n < 2) {
  console.error('usage: bench-runsc-filters.ts --baseline <runsc> --candidate <runsc> [--n 20]   (n ≥ 2)');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'bench-runsc-filters-'));

/** One `runsc do true`; resolves to its wall time in ms, or rejects with its stderr. */
function start(runsc: string, root: string, extra: string[] = []): Promise<number> {
  const args = [`--root=${root}`, '--network=none', '--platform=systrap', ...extra, 'do', 'true'];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(runsc, args, { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      if (code === 0) resolve(ms);
      else reject(new Error(`${runsc} ${args.join(' ')} exited ${code}: ${stderr.trim().slice(0, 500)}`));
    });
  });
}

/** The one boot log a start wrote into `logs`. */
function bootLog(logs: string): string | undefined {
  const boot = readdirSync(logs).find((f) => f.endsWith('.boot.txt'));
  return boot === undefined ? undefined : readFileSync(join(logs, boot), 'utf8');
}

/** Seconds since midnight of a glog line ("W1201 18:13:05.363494 ..."), or undefined. */
function lineTime(line: string): number | undefined {
  const m = /^[DIWEF]\d{4} (\d\d):(\d\d):(\d\d\.\d+) /.exec(line);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : undefined;
}

/** ms from filter.Install's first line to the first later line not about the filter. */
function filterMs(log: string): number {
  const lines = log.split('\n');
  const at = lines.findIndex((l) => l.includes('*** SECCOMP WARNING'));
  const t0 = at < 0 ? undefined : lineTime(lines[at] as string);
  if (t0 === undefined) throw new Error('boot log: no "SECCOMP WARNING" line (filter.Install) to time from');
  for (const l of lines.slice(at + 1)) {
    const t1 = lineTime(l);
    if (t1 === undefined || / (filter|seccomp)\.go:\d+\]/.test(l)) continue;
    return ((t1 - t0 + 86400) % 86400) * 1000;
  }
  throw new Error('boot log: nothing logged after the seccomp filter');
}

/** What the Sentry's boot log says about its seccomp filter. */
async function filterSource(runsc: string, root: string): Promise<string> {
  const logs = mkdtempSync(join(work, 'logs-'));
  await start(runsc, root, ['--debug', `--debug-log=${logs}/`]);
  const text = bootLog(logs);
  if (text === undefined) return 'unknown (no boot log)';
  if (text.includes('Loaded precompiled seccomp instructions')) return 'precompiled (boot log: "Loaded precompiled seccomp instructions")';
  if (text.includes('No precompiled program found')) {
    const took = /took (\S+) to build and (\S+) to optimize/.exec(text);
    return `compiled at boot (boot log: "No precompiled program found"${took ? `; took ${took[1]} to build and ${took[2]} to optimize` : ''})`;
  }
  return 'unknown (neither message in the boot log)';
}

const f = (x: number): string => x.toFixed(1);

async function main(): Promise<void> {
  const bins = { baseline: baseline as string, candidate: candidate as string };
  const roots = { baseline: mkdtempSync(join(work, 'root-')), candidate: mkdtempSync(join(work, 'root-')) };
  for (const k of ['baseline', 'candidate'] as const) console.log(`${k.padEnd(9)} ${bins[k]}: ${await filterSource(bins[k], roots[k])}`);
  for (const k of ['baseline', 'candidate'] as const) await start(bins[k], roots[k]); // warm-up, discarded

  const wall = { baseline: [] as number[], candidate: [] as number[] };
  const filter = { baseline: [] as number[], candidate: [] as number[] };
  for (let i = 0; i < n; i++) {
    const order = i % 2 === 0 ? (['baseline', 'candidate'] as const) : (['candidate', 'baseline'] as const);
    for (const k of order) {
      const logs = mkdtempSync(join(work, 'logs-'));
      wall[k].push(await start(bins[k], roots[k], [`--debug-log=${logs}/`]));
      const log = bootLog(logs);
      if (log === undefined) throw new Error(`${bins[k]}: no boot log in ${logs}`);
      filter[k].push(filterMs(log));
    }
    console.error(`[bench] round ${i + 1}/${n}: wall baseline ${f(wall.baseline[i] as number)} ms, candidate ${f(wall.candidate[i] as number)} ms`);
  }

  console.log(`\nn=${n} starts each, interleaved; ms`);
  table('wall: runsc do true', wall);
  table("filter: the Sentry's filter.Install (boot log)", filter);
}

function table(title: string, ms: { baseline: number[]; candidate: number[] }): void {
  console.log(title);
  for (const k of ['baseline', 'candidate'] as const) {
    const s = summary(ms[k]);
    console.log(`  ${k.padEnd(9)}  p50 ${f(s.p50).padStart(6)}  p95 ${f(s.p95).padStart(6)}  min ${f(s.min).padStart(6)}  max ${f(s.max).padStart(6)}  mean ${f(s.mean).padStart(6)}`);
  }
  // lib/stats names its arguments runsc/runc; here they are candidate/baseline, paired by round.
  const d = medianDifferenceCI(ms.candidate, ms.baseline, { paired: true });
  console.log(`  candidate − baseline, median: ${f(d.estimate)} ms, 95 % CI [${f(d.lo)}, ${f(d.hi)}] (paired bootstrap, ${d.resamples} resamples, seed ${d.seed})`);
  if (ms.baseline.every((x) => x > 0)) {
    const r = medianRatioCI(ms.candidate, ms.baseline, { paired: true });
    console.log(`  candidate / baseline, median: ${r.estimate.toFixed(3)}, 95 % CI [${r.lo.toFixed(3)}, ${r.hi.toFixed(3)}]`);
  }
}

main()
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 2;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
