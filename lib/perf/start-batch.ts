/**
 * The measuring step the performance suite and the start benchmarks share: a batch of probe
 * pods of one runtime started at once on the gVisor node group, each one's CRI phases read from
 * its node afterwards, and the batch's sandboxes torn down before the next batch may start
 * (lib/cri/start-breakdown.ts). Rounds alternate which runtime goes first, so neither always
 * follows the other's teardown; a round's pairs are its i-th runc and i-th runsc start.
 */
import type { V1ResourceRequirements } from '@kubernetes/client-node';
import type { StartBreakdown, BreakdownPhase } from '../cri/start-breakdown.js';
import type { CleanupStack } from '../kube/cleanup.js';
import type { Kube } from '../kube/client.js';
import { launchProbe, type HoldUntil, type ProbeLaunch } from '../probe/launcher.js';
import { gvisorReadyLabel, gvisorReadyValue, type Runtime } from '../runtimes.js';
import type { StartPair } from '../stats/start-figures.js';

export type MeasuredLaunch = ProbeLaunch & { cri?: Partial<Record<BreakdownPhase, number>> };

/** Every measured start, runc's too, lands on a gVisor-ready node: runtimes compared on the same nodes. */
export const onGvisorNodes = { [gvisorReadyLabel]: gvisorReadyValue };

/** Pod names are DNS labels. */
const maxPodNameLength = 63;
/** How much of a bad probe output a failure message quotes (the launch log keeps all of it). */
const rawExcerptChars = 200;

export interface StartRig {
  kube: Kube;
  namespace: string;
  labels: Record<string, string>;
  cleanup: CleanupStack;
  cri: StartBreakdown;
  /** Hard limit of one launch. */
  launchLimitMs: number;
}

let podSeq = 0;
export const podName = (condition: string, runtime: Runtime): string => `start-${condition}-${runtime}-${podSeq++}`.slice(0, maxPodNameLength);

export interface BatchOptions {
  condition: string;
  runtime: Runtime;
  size: number;
  resources?: V1ResourceRequirements;
  /** Called once the starts are over, while the node journals are read (e.g. a load sample). */
  afterStarts?: (launches: readonly ProbeLaunch[], batchStart: number) => Promise<void>;
}

/**
 * Holds for the pods of one batch: each probe keeps running until every pod of the batch has
 * started (or ended without starting), so no pod's teardown overlaps the starts still under way.
 */
export function batchHolds(size: number): HoldUntil[] {
  const tells: (() => void)[] = [];
  const started = Array.from({ length: size }, () => new Promise<void>((resolve) => tells.push(resolve)));
  const release = Promise.all(started).then(() => undefined);
  return tells.map((onStarted) => ({ onStarted, release }));
}

/** A hold for one pod on its own (a batch of one): released as soon as it has started. */
export const untilStarted = (): HoldUntil => batchHolds(1)[0] as HoldUntil;

/** One batch: `size` pods at once, ended once all have started, then their CRI phases and their sandboxes' teardown. */
export async function startBatch(rig: StartRig, o: BatchOptions): Promise<MeasuredLaunch[]> {
  const batchStart = Date.now();
  const holds = batchHolds(o.size);
  const launches = await Promise.all(
    holds.map((holdUntil) =>
      launchProbe({
        kube: rig.kube,
        namespace: rig.namespace,
        name: podName(o.condition, o.runtime),
        runtime: o.runtime,
        labels: rig.labels,
        timeoutMs: rig.launchLimitMs,
        cleanup: rig.cleanup,
        holdUntil,
        nodeSelector: onGvisorNodes,
        ...(o.resources && { resources: o.resources }),
      }),
    ),
  );
  // After the batch, not during it: reading the journal on the node must not load the starts it
  // measures. The caller's reads (a load sample) go at the same time: nothing is being measured now.
  const [, cri] = await Promise.all([o.afterStarts?.(launches, batchStart), rig.cri.of(launches, batchStart)]);
  await rig.cri.waitTornDown(cri.sandboxes, batchStart);
  return launches.map((l) => ({ ...l, ...(cri.phases.has(l.name) && { cri: cri.phases.get(l.name) }) }));
}

/** Round r's order of runtimes. */
export const roundOrder = (round: number): Runtime[] => (round % 2 === 0 ? ['runc', 'runsc'] : ['runsc', 'runc']);

/** Pure: a round's pairs (i-th runc with i-th runsc) and what failed among them. */
export function roundPairs(round: number, got: Partial<Record<Runtime, readonly MeasuredLaunch[]>>): { pairs: StartPair[]; failures: string[] } {
  const pairs: StartPair[] = [];
  const failures: string[] = [];
  const n = Math.min(got.runc?.length ?? 0, got.runsc?.length ?? 0);
  for (let i = 0; i < n; i++) {
    const runc = got.runc?.[i] as MeasuredLaunch;
    const runsc = got.runsc?.[i] as MeasuredLaunch;
    for (const l of [runc, runsc]) if (l.status !== 'succeeded') failures.push(`${l.name} (${l.runtime}): ${l.status}: ${l.reason}${l.raw ? `; raw: ${l.raw.slice(0, rawExcerptChars)}` : ''}`);
    pairs.push({
      round,
      runc: { succeeded: runc.status === 'succeeded', phases: { ...runc.phases, ...runc.cri } },
      runsc: { succeeded: runsc.status === 'succeeded', phases: { ...runsc.phases, ...runsc.cri } },
    });
  }
  return { pairs, failures };
}
