/**
 * From what the probe saw to an escape verdict (lib/vocabulary.ts). Pure: the matrix gathers
 * the four cells of one attempt, this decides each.
 *
 * - control × runc must escape; otherwise the probe cannot see this escape: probe-invalid.
 * - control × runsc: escaped, or blocked-by-gvisor (the policy was weakened, only gVisor was left).
 * - hardened: escaped when it got through; when blocked, blocked-by-policy if the control of the
 *   same runtime escaped (the policy made the difference), blocked-by-gvisor if even the runsc
 *   control was blocked. Without an escaping runc control, a block proves nothing: probe-invalid.
 * - A hardened pod that read the canary token escaped, whatever let it through. Where only a
 *   NetworkPolicy could have stopped it and the CNI is seen not to enforce NetworkPolicy, the
 *   reason says so: the platform's policy is silently not in effect (the seeds' failure).
 */
import type { AttemptResult } from '../probe/result.js';
import type { Runtime } from '../runtimes.js';
import type { EscapeVerdict } from '../vocabulary.js';
import type { EscapeAttempt } from './catalog.js';

export type Profile = 'hardened' | 'control';

export interface Cell {
  runtime: Runtime;
  profile: Profile;
  /** The probe's attempt result; undefined when the pod gave no readable result for it. */
  result: AttemptResult | undefined;
  /** Why there is no result (the pod's run status), when there is none. */
  missingReason?: string;
  /** node-change attempts: what the harness saw on the node after this cell's pod (it ran alone). */
  nodeChange?: NodeChange;
  /** Set when this cell cannot exist on the cluster (its pod refused at admission): not-applicable, with the reason. */
  unavailable?: string;
}

/** A node-change reading: did the node change the way the attempt would change it? */
export interface NodeChange {
  seen: boolean;
  detail: string;
}

export interface CellVerdict {
  verdict: EscapeVerdict;
  reason: string;
  /** Set on a block that proves only the harness's own pod spec: reported, not judged evidence. */
  unjudged?: string;
}

export interface Context {
  /** Set when the node lacks what the attempt needs: every cell is not-applicable. */
  preconditionFailed?: string;
  /** undefined: not determined. */
  networkPolicyEnforced?: boolean;
}

const probeSaid = (r: AttemptResult): string => `${r.outcome}${r.errno ? ` (${r.errno})` : ''}: ${r.detail}`;

/**
 * Did the action get through, judged by the attempt's evidence kind? The same rule for both
 * runtimes: only evidence from outside the pod (a token read back, a node fact matched, a node
 * change seen) makes an escape; a syscall the kernel (host or Sentry) granted proves nothing by
 * itself. kernel-answer (attack surface, never counted) is the exception: its "through" is the
 * kernel's grant, and the reason names which kernel answered.
 */
export function gotThrough(entry: EscapeAttempt, cell: Pick<Cell, 'runtime' | 'result' | 'nodeChange'>): { through: boolean; why: string } {
  const r = cell.result;
  switch (entry.evidence) {
    case 'node-change': {
      const c = cell.nodeChange;
      if (!c) return { through: false, why: `no reading of the node after this cell${r ? `; the probe said ${probeSaid(r)}` : ''}` };
      return c.seen ? { through: true, why: `the node changed: ${c.detail}${r ? ` (the probe said ${probeSaid(r)})` : ''}` } : { through: false, why: `the node did not change (${c.detail})${r ? `; the probe said ${probeSaid(r)}` : ''}` };
    }
    case 'kernel-answer': {
      if (!r) return { through: false, why: 'no result' };
      const kernel = cell.runtime === 'runsc' ? "gVisor's Sentry" : 'the host kernel';
      return r.outcome === 'succeeded' ? { through: true, why: `${kernel} granted it: ${r.detail}` } : { through: false, why: `${kernel} refused it: ${probeSaid(r)}` };
    }
    default: {
      if (!r) return { through: false, why: 'no result' };
      if (r.outcome !== 'succeeded') return { through: false, why: probeSaid(r) };
      const what = { 'node-fact': 'what the harness read on the node', 'admission-answer': "the run's mark echoed by the API server", 'canary-token': 'the canary token' }[entry.evidence];
      if (r.tokenMatched !== true) return { through: false, why: `succeeded without ${what}: ${r.detail}` };
      const how = { 'node-fact': 'matched what the harness read on the node', 'admission-answer': "the API server admitted it (dry run), echoing the run's mark", 'canary-token': 'read back the canary token' }[entry.evidence];
      return { through: true, why: `${how}: ${r.detail}` };
    }
  }
}

const invalid = (reason: string): CellVerdict => ({ verdict: 'probe-invalid', reason });

function unusable(entry: EscapeAttempt, cell: Cell): CellVerdict | undefined {
  if (cell.unavailable !== undefined) return { verdict: 'not-applicable', reason: cell.unavailable };
  // A change seen on the node is the evidence, whatever the probe managed to report.
  if (entry.evidence === 'node-change' && cell.nodeChange?.seen === true) return undefined;
  if (entry.evidence === 'node-change' && !cell.nodeChange) return invalid(`the node was not read after this cell: ${cell.missingReason ?? 'no reading'}`);
  if (!cell.result) return invalid(`no result for this attempt: ${cell.missingReason ?? 'the probe did not report it'}`);
  if (cell.result.outcome === 'error') return invalid(`the attempt itself failed: ${cell.result.detail}`);
  if (cell.result.outcome === 'not-applicable') return { verdict: 'not-applicable', reason: `the probe found nothing to try: ${cell.result.detail}` };
  return undefined;
}

/** The verdicts of the four cells of one attempt. */
export function decideVerdicts(entry: EscapeAttempt, cells: readonly Cell[], ctx: Context): Map<string, CellVerdict> {
  const key = (runtime: Runtime, profile: Profile): string => `${runtime}/${profile}`;
  const out = new Map<string, CellVerdict>();
  if (ctx.preconditionFailed !== undefined) {
    for (const c of cells) out.set(key(c.runtime, c.profile), { verdict: 'not-applicable', reason: ctx.preconditionFailed });
    return out;
  }
  const find = (runtime: Runtime, profile: Profile): Cell | undefined => cells.find((c) => c.runtime === runtime && c.profile === profile);
  const through = (c: Cell | undefined): boolean | undefined =>
    c && !unusable(entry, c) ? gotThrough(entry, c).through : undefined;
  const runcControlEscaped = through(find('runc', 'control')) === true;

  for (const cell of cells) {
    const k = key(cell.runtime, cell.profile);
    const bad = unusable(entry, cell);
    if (bad) {
      out.set(k, bad);
      continue;
    }
    const { through: t, why } = gotThrough(entry, cell);
    if (cell.profile === 'control') {
      if (t) out.set(k, { verdict: 'escaped', reason: why });
      else if (cell.runtime === 'runc') out.set(k, invalid(`the control did not see the escape: ${why}`));
      else if (!runcControlEscaped) out.set(k, invalid(`blocked, but the runc control did not escape either, so the block proves nothing: ${why}`));
      else out.set(k, { verdict: 'blocked-by-gvisor', reason: `blocked although the policy was weakened: ${why}` });
      continue;
    }
    // hardened
    if (t) {
      if (entry.networkPolicyOnly && ctx.networkPolicyEnforced === false) {
        out.set(k, {
          verdict: 'escaped',
          reason: `NetworkPolicy is not enforced (a deny-egress policy was in place and a connection still worked), so the hardened pod reached the target: ${why}`,
        });
      } else {
        out.set(k, { verdict: 'escaped', reason: why });
      }
      continue;
    }
    if (!runcControlEscaped) {
      out.set(k, invalid(`blocked, but the runc control did not escape, so the block proves nothing: ${why}`));
      continue;
    }
    const sameControl = through(find(cell.runtime, 'control'));
    if (sameControl === true) {
      const ownSpec = entry.hardenedBlockIsOwnSpec;
      out.set(k, { verdict: 'blocked-by-policy', reason: `the weakened ${cell.runtime} control got through, so the policy blocked it: ${why}`, ...(ownSpec ? { unjudged: `proves only the harness's own pod spec (${ownSpec}), not what the cluster allows a tenant` } : {}) });
    }
    else if (cell.runtime === 'runsc' && sameControl === false) out.set(k, { verdict: 'blocked-by-gvisor', reason: `even the weakened runsc control was blocked: ${why}` });
    else out.set(k, invalid(`blocked, but the ${cell.runtime} control has no usable result, so who blocked it is unknown: ${why}`));
  }
  return out;
}

export const cellKey = (runtime: Runtime, profile: Profile): string => `${runtime}/${profile}`;
