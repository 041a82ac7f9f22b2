/**
 * From the matrix's pod results to the verdicts of every catalog attempt: the cells of one
 * attempt are the results of the pods of its role (plus, for node-change attempts, what the
 * node showed after the cell's writer pod), judged by lib/escape/verdict.ts.
 */
import { onlyPolicyStopsOutside } from '../canary/outside-targets.js';
import type { EscapeAttempt } from './catalog.js';
import { probeArgFor } from './catalog.js';
import { refusedAtAdmission, type GroupRun } from './group-pods.js';
import { cellKey, decideVerdicts, type Cell, type CellVerdict, type NodeChange } from './verdict.js';

export interface AttemptOutcome {
  entry: EscapeAttempt;
  cells: Cell[];
  verdicts: Map<string, CellVerdict>;
  preconditionFailed?: string;
}

export interface OutcomeInputs {
  catalog: readonly EscapeAttempt[];
  groups: readonly GroupRun[];
  /** cellKey → attempt id → node reading (writer cells). */
  nodeChanges: ReadonlyMap<string, ReadonlyMap<string, NodeChange>>;
  preconditions: ReadonlyMap<string, string>;
  networkPolicyEnforced: boolean | undefined;
  embedded: boolean;
}

function cellsOf(entry: EscapeAttempt, i: OutcomeInputs): Cell[] {
  return i.groups
    .filter((g) => g.role === entry.pod)
    .map((g) => {
      const result = g.result?.attempts.find((a) => a.id === probeArgFor(entry));
      const change = i.nodeChanges.get(cellKey(g.runtime, g.profile))?.get(entry.id);
      return {
        runtime: g.runtime,
        profile: g.profile,
        result,
        ...(result ? {} : { missingReason: `${g.pod}: ${g.status}: ${g.reason}` }),
        ...(change ? { nodeChange: change } : {}),
        ...(g.status === refusedAtAdmission ? { unavailable: `the cluster refused this cell's pod at admission, so it cannot exist here: ${g.reason}` } : {}),
      };
    });
}

export function attemptOutcomes(i: OutcomeInputs): AttemptOutcome[] {
  return i.catalog.map((entry) => {
    const cells = cellsOf(entry, i);
    const pre = i.preconditions.get(entry.id);
    const judged = onlyPolicyStopsOutside(entry.probe.tag, i.embedded) ? { ...entry, networkPolicyOnly: true } : entry;
    const verdicts = decideVerdicts(judged, cells, {
      ...(pre !== undefined ? { preconditionFailed: pre } : {}),
      ...(i.networkPolicyEnforced !== undefined ? { networkPolicyEnforced: i.networkPolicyEnforced } : {}),
    });
    return { entry, cells, verdicts, ...(pre !== undefined ? { preconditionFailed: pre } : {}) };
  });
}
