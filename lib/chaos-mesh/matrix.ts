/**
 * The gVisor compatibility matrix of Chaos Mesh (issue 18 §3): each fault against a runc and
 * a runsc probe pod, one of three outcomes, plus "undetermined" when the runc control did not
 * show the fault (then nothing can be said of runsc here).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { repoRoot } from '../cluster/settings.js'; // the fixtures' location, not a local-cluster dependency
import { chaosMeshOutcomes } from '../report/gate-schema.js';
import type { Runtime } from '../runtimes.js';
import type { Judged } from './judge-evidence.js';
import type { Injection } from './status.js';
import { faultNames, type FaultName } from './templates.js';

export type Outcome = (typeof chaosMeshOutcomes)[number];

/** What one runtime's attempt gave: Chaos Mesh's account, and the harness's evidence (absent if never injected). */
export interface Attempt {
  injection: Injection;
  evidence?: Judged;
}

/** works: injected and seen; silently no effect: injected and not seen; fails loudly: not injected. */
export function outcomeOf(a: Attempt): Outcome {
  if (!a.injection.injected) return 'fails-loudly';
  return a.evidence?.effect ? 'works' : 'silently-no-effect';
}

/** The runsc cell means something only if the runc control showed the fault, or runsc itself did. */
export function runscOutcome(runc: Outcome, runsc: Outcome): Outcome {
  if (runsc === 'works' || runc === 'works') return runsc;
  return 'undetermined';
}

const cellSchema = z.object({ runc: z.enum(chaosMeshOutcomes), runsc: z.enum(chaosMeshOutcomes), why: z.string().min(1) });
const matrixSchema = z.record(z.enum(faultNames), cellSchema);
export type ExpectedMatrix = z.output<typeof matrixSchema>;

export const expectedMatrixFile = join(repoRoot, 'fixtures', 'chaos-mesh', 'gvisor-matrix.yaml');

export function loadExpectedMatrix(file: string = expectedMatrixFile): ExpectedMatrix {
  return matrixSchema.parse(parse(readFileSync(file, 'utf8')));
}

export const expectedOutcome = (m: ExpectedMatrix, fault: FaultName, runtime: Runtime): Outcome | undefined => m[fault]?.[runtime];

/** The faults a run tries: all of them, or the CI profile's, which covers PodChaos, NetworkChaos and the finding that matters. */
export const ciFaults: readonly FaultName[] = ['pod-kill', 'container-kill', 'pod-failure', 'network-partition', 'network-delay'];
