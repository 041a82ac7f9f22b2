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
}

export interface CellVerdict {
  verdict: EscapeVerdict;
  reason: string;
}

export interface Context {
  /** Set when the node lacks what the attempt needs: every cell is not-applicable. */
  preconditionFailed?: string;
  /** undefined: not determined. */
  networkPolicyEnforced?: boolean;
}

/** Did the action get through, judged by the attempt's evidence kind? */
export function gotThrough(entry: EscapeAttempt, runtime: Runtime, r: AttemptResult): { through: boolean; why: string } {
  if (r.outcome !== 'succeeded') return { through: false, why: `${r.outcome}${r.errno ? ` (${r.errno})` : ''}: ${r.detail}` };
  if (entry.evidence !== 'kernel-answer') {
    // Token evidence: only a read-back of this run's token counts.
    if (r.tokenMatched !== true) return { through: false, why: `succeeded without the ${entry.evidence === 'node-fact' ? "node's record" : 'canary token'}: ${r.detail}` };
    return { through: true, why: `${entry.evidence === 'node-fact' ? "read the node's own record" : 'read back the canary token'}: ${r.detail}` };
  }
  if (runtime === 'runsc') {
    // A granted syscall under a proven gVisor sandbox was served by the Sentry, not the host kernel.
    return { through: false, why: `granted by gVisor's Sentry, not the host kernel: ${r.detail}` };
  }
  return { through: true, why: `the host kernel granted it: ${r.detail}` };
}

const invalid = (reason: string): CellVerdict => ({ verdict: 'probe-invalid', reason });

function unusable(cell: Cell): CellVerdict | undefined {
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
    c?.result && !unusable(c) ? gotThrough(entry, c.runtime, c.result).through : undefined;
  const runcControlEscaped = through(find('runc', 'control')) === true;

  for (const cell of cells) {
    const k = key(cell.runtime, cell.profile);
    const bad = unusable(cell);
    if (bad) {
      out.set(k, bad);
      continue;
    }
    const { through: t, why } = gotThrough(entry, cell.runtime, cell.result as AttemptResult);
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
    if (sameControl === true) out.set(k, { verdict: 'blocked-by-policy', reason: `the weakened ${cell.runtime} control got through, so the policy blocked it: ${why}` });
    else if (cell.runtime === 'runsc' && sameControl === false) out.set(k, { verdict: 'blocked-by-gvisor', reason: `even the weakened runsc control was blocked: ${why}` });
    else out.set(k, invalid(`blocked, but the ${cell.runtime} control has no usable result, so who blocked it is unknown: ${why}`));
  }
  return out;
}

export const cellKey = (runtime: Runtime, profile: Profile): string => `${runtime}/${profile}`;
