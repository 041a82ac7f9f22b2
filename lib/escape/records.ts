/** Escape verdicts as gate records (lib/report/gate-schema.ts SecurityAttempt). */
import type { SecurityAttempt } from '../report/gate-schema.js';
import { sha256Hex } from '../canary/token.js';
import type { AttemptOutcome } from './matrix.js';
import { isEscapeAttempt } from './catalog.js';
import { cellKey } from './verdict.js';

/**
 * One record per cell. evidenceHash is the sha256 of the evidence document: the probe's
 * attempt result as JSON (which may hold the canary token, hence only its hash), or the reason
 * there is none.
 */
export function securityRecords(a: AttemptOutcome): SecurityAttempt[] {
  return a.cells.map((cell) => {
    const v = a.verdicts.get(cellKey(cell.runtime, cell.profile));
    const evidence = JSON.stringify({ result: cell.result ?? `no result: ${cell.missingReason ?? 'unknown'}`, nodeChange: cell.nodeChange });
    return {
      id: a.entry.id,
      category: a.entry.category,
      runtime: cell.runtime,
      profile: cell.profile,
      verdict: v?.verdict ?? 'probe-invalid',
      evidenceHash: sha256Hex(evidence),
      detail: (v?.reason ?? 'no verdict').slice(0, 1000),
      scope: isEscapeAttempt(a.entry) ? 'escape' : 'attack-surface',
      ...(cell.result ? { probeOutcome: cell.result.outcome } : {}),
      ...(v?.unjudged ? { unjudgedBecause: v.unjudged } : {}),
    };
  });
}
