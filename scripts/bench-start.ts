/**
 * Benchmarks of the pod-start measurement itself (not tests): each prints its figures. One pair
 * at a time on the gVisor node group, as the idle condition does, with the suite's own steps
 * (lib/perf/start-batch.ts: CRI phases, teardown awaited).
 *
 *   npx tsx scripts/bench-start.ts repro     [--pairs 32]  the idle condition twice in one process:
 *                                                          both intervals on the judged clock, and whether they agree
 *   npx tsx scripts/bench-start.ts observer  [--pairs 16]  the load sampler polling every 2 s during
 *                                                          the starts or not, interleaved by round: the shift it causes
 *   npx tsx scripts/bench-start.ts resources [--pairs 16]  probe CPU request 10m against 250m, interleaved
 *                                                          by round: the shift in runsc's start
 *
 * --out FILE appends every measured pair (its set, round and both starts' phases) as JSON lines,
 * for looking at the data behind an interval.
 *
 * Target: GAUNTLET_KUBECONFIG (default: the embedded cluster's kubeconfig). Needs node access
 * (docker exec locally). Everything it creates is in one labelled namespace, deleted at the end.
 */
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { V1ResourceRequirements } from '@kubernetes/client-node';
import { StartBreakdown } from '../lib/cri/start-breakdown.js';
import { CleanupStack } from '../lib/kube/cleanup.js';
import { createKube, kubeOptionsFromEnv } from '../lib/kube/client.js';
import { gauntletLabels } from '../lib/kube/labels.js';
import { createNamespace } from '../lib/kube/namespace.js';
import { loadSampleIntervalMs } from '../lib/load/profile.js';
import { LoadSampler } from '../lib/load/sampler.js';
import { nodeAccess } from '../lib/node-access/target.js';
import { roundOrder, roundPairs, startBatch, type MeasuredLaunch, type StartRig } from '../lib/perf/start-batch.js';
import { probeContainerName } from '../lib/probe/pod-spec.js';
import { generateRunId } from '../lib/run-id.js';
import type { Runtime } from '../lib/runtimes.js';
import { medianDifferenceCI, type BootstrapResult } from '../lib/stats/bootstrap.js';
import { addedCostShift, intervalsAgree, sideShift, withinNoise } from '../lib/stats/compare-runs.js';
import { chooseStartCost } from '../lib/stats/start-cost.js';
import { conditionFigures, pairedSamples, type StartPair } from '../lib/stats/start-figures.js';
import { envScaled, podStartMs } from '../lib/timeouts.js';

const suite = 'bench-start';
const settings = { resamples: 2000, seed: 1, level: 0.95 };
const phases = ['total', 'probeStarted', 'criRuntime'];
const warmups = 2;

const f0 = (x: number): string => x.toFixed(0);
const show = (b: BootstrapResult | undefined): string => (b ? `${f0(b.estimate)} ms [${f0(b.lo)}, ${f0(b.hi)}]` : '—');

/** One round: a runc and a runsc start, in the order of `orderOf` (default the round's), with the given resources. */
async function round(rig: StartRig, r: number, label: string, resources?: V1ResourceRequirements, orderOf = r): Promise<StartPair[]> {
  const got: Partial<Record<Runtime, MeasuredLaunch[]>> = {};
  for (const runtime of roundOrder(orderOf)) got[runtime] = await startBatch(rig, { condition: label, runtime, size: 1, ...(resources && { resources }) });
  const { pairs, failures } = roundPairs(r, got);
  for (const f of failures) console.log(`  failed: ${f}`);
  return pairs;
}

let outFile: string | undefined;

// One decimal: a budget like ≤ 25 ms must not be met by rounding.
const halfWidth = (b: BootstrapResult | undefined): string => (b ? ((b.hi - b.lo) / 2).toFixed(1) : '—');

/** The difference of medians the suite judged until 2 December, on the same pairs, for comparison. */
function medianDifferences(pairs: readonly StartPair[], phase: string): BootstrapResult | undefined {
  const { runsc, runc } = pairedSamples(pairs, phase);
  return runsc.length > 0 ? medianDifferenceCI(runsc, runc, { paired: true, ...settings }) : undefined;
}

function judged(rig: StartRig, pairs: StartPair[], name: string): BootstrapResult | undefined {
  if (outFile) for (const p of pairs) appendFileSync(outFile, `${JSON.stringify({ set: name, ...p })}\n`);
  const figures = conditionFigures(pairs, phases, settings);
  const cost = chooseStartCost({ comparisons: figures.comparisons, minPairs: Math.ceil(pairs.length * 0.8), clocks: rig.cri.offsets() });
  console.log(`${name}: ${figures.successes}/${figures.pairs} pairs; added cost on ${cost?.clock ?? '—'} (${cost?.phase ?? '—'}) ${show(cost?.delta)}; total delta ${show(figures.comparisons.total?.delta)}`);
  if (cost) {
    const medians = medianDifferences(pairs, cost.phase);
    console.log(`  the same pairs, ${cost.phase}: Hodges–Lehmann shift ${show(cost.delta)}, half-width ${halfWidth(cost.delta)} ms; difference of medians ${show(medians)}, half-width ${halfWidth(medians)} ms`);
  }
  return cost?.delta;
}

async function repro(rig: StartRig, pairs: number): Promise<void> {
  const runs: (BootstrapResult | undefined)[] = [];
  for (const name of ['first', 'second']) {
    const got: StartPair[] = [];
    for (let r = 0; r < pairs; r++) got.push(...(await round(rig, r, `repro-${name}`)));
    runs.push(judged(rig, got, `idle, ${name} run`));
  }
  const [a, b] = runs;
  if (!a || !b) throw new Error('a run had no added-cost interval; see the failures above');
  console.log(`\nreproducible: ${intervalsAgree(a, b) ? 'yes' : 'NO'}: each estimate inside the other's 95 % CI (${show(a)} vs ${show(b)}); half-widths ${halfWidth(a)} and ${halfWidth(b)} ms`);
}

/**
 * Rounds alternate between two settings, `pairs` rounds each; the runtime order alternates
 * every two rounds, so each setting gets both orders equally.
 */
async function interleaved(rig: StartRig, pairs: number, names: [string, string], run: (setting: 0 | 1, r: number, orderOf: number) => Promise<StartPair[]>): Promise<[StartPair[], StartPair[]]> {
  const sets: [StartPair[], StartPair[]] = [[], []];
  for (let r = 0; r < 2 * pairs; r++) {
    const setting = (r % 2) as 0 | 1;
    sets[setting].push(...(await run(setting, r, Math.floor(r / 2))));
  }
  for (const i of [0, 1] as const) judged(rig, sets[i], names[i]);
  return sets;
}

function printShift(what: string, a: StartPair[], b: StartPair[]): void {
  for (const phase of ['criRuntime', 'total']) {
    const cost = addedCostShift(a, b, phase, settings);
    const runsc = sideShift(a, b, 'runsc', phase, settings);
    const runc = sideShift(a, b, 'runc', phase, settings);
    console.log(`${what} on ${phase}: runsc's added cost ${show(cost)}${cost ? (withinNoise(cost) ? ' (within noise)' : ' (an effect)') : ''}; runsc ${show(runsc)}; runc ${show(runc)}`);
  }
}

async function observer(rig: StartRig, pairs: number): Promise<void> {
  const [on, off] = await interleaved(rig, pairs, ['sampler polling during the starts', 'sampler off'], async (setting, r, orderOf) => {
    if (setting === 1) return round(rig, r, 'observer-off', undefined, orderOf);
    const sampler = new LoadSampler(rig.kube, 1, loadSampleIntervalMs).start();
    try {
      return await round(rig, r, 'observer-on', undefined, orderOf);
    } finally {
      await sampler.stop().catch(() => []);
    }
  });
  console.log('');
  printShift('sampler on − off', on, off);
}

const cpuRequest = (cpu: string): V1ResourceRequirements => ({ requests: { cpu, memory: '64Mi' }, limits: { memory: '256Mi' } });

async function resources(rig: StartRig, pairs: number): Promise<void> {
  const [low, high] = await interleaved(rig, pairs, ['cpu request 10m', 'cpu request 250m'], (setting, r, orderOf) =>
    round(rig, r, setting === 0 ? 'cpu-10m' : 'cpu-250m', cpuRequest(setting === 0 ? '10m' : '250m'), orderOf),
  );
  console.log('');
  printShift('10m − 250m', low, high);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { pairs: { type: 'string' }, out: { type: 'string' } } });
  outFile = values.out;
  const mode = positionals[0];
  const benches = { repro, observer, resources } as const;
  if (mode === undefined || !(mode in benches)) {
    console.error(`usage: bench-start.ts repro|observer|resources [--pairs N] (got ${mode ?? 'nothing'})`);
    process.exit(2);
  }
  const pairs = Number(values.pairs ?? (mode === 'repro' ? 32 : 16));
  if (!Number.isInteger(pairs) || pairs < 2) throw new Error(`--pairs must be an integer ≥ 2, got ${values.pairs}`);
  const kube = createKube(kubeOptionsFromEnv());
  const runId = generateRunId();
  const cleanup = new CleanupStack();
  const started = performance.now();
  try {
    const namespace = await createNamespace(kube, cleanup, { runId, suite });
    const access = await nodeAccess({ kube, cleanup, runId, suite });
    const rig: StartRig = { kube, namespace, labels: gauntletLabels(runId, suite), cleanup, cri: new StartBreakdown(access.shell, probeContainerName), launchLimitMs: envScaled(podStartMs) };
    console.log(`bench-start ${mode}: run ${runId}, ${pairs} pairs per set, after ${warmups} warm-up rounds`);
    for (let r = 0; r < warmups; r++) await round(rig, r, 'warmup');
    await benches[mode as keyof typeof benches](rig, pairs);
    if (rig.cri.problems.length > 0) console.log(`CRI problems: ${rig.cri.problems.join('; ')}`);
    const t = rig.cri.teardownMs;
    if (t.length > 0) console.log(`teardown waits after the CRI read: p50 ${f0([...t].sort((x, y) => x - y)[Math.floor(t.length / 2)] ?? 0)} ms over ${t.length} batches`);
  } finally {
    await cleanup.runAll();
    console.log(`bench-start ${mode}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
}

await main();
