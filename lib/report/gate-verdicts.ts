/** Combining verdicts: shared by the areas and the overall gate. */
import type { GateVerdict } from '../vocabulary.js';
import type { InconclusiveCause } from './gate-schema.js';

/** FAIL beats INCONCLUSIVE beats PASS; nothing to judge is INCONCLUSIVE, never PASS. */
export function combineVerdicts(verdicts: readonly GateVerdict[]): GateVerdict {
  if (verdicts.length === 0) return 'INCONCLUSIVE';
  if (verdicts.includes('FAIL')) return 'FAIL';
  if (verdicts.includes('INCONCLUSIVE')) return 'INCONCLUSIVE';
  return 'PASS';
}

/** Collects reasons and the worst verdict while an area or item is judged. */
export class Judgement {
  readonly reasons: string[] = [];
  readonly causes: InconclusiveCause[] = [];
  private failed = false;
  private inconclusive = false;

  fail(reason: string): void {
    this.failed = true;
    this.reasons.push(reason);
  }

  inconclusiveBecause(cause: InconclusiveCause, reason: string): void {
    this.inconclusive = true;
    if (!this.causes.includes(cause)) this.causes.push(cause);
    this.reasons.push(reason);
  }

  /** Folds in a judged part (a condition, a scenario) without repeating its reasons. */
  absorb(part: { verdict: GateVerdict; causes: readonly InconclusiveCause[] }): void {
    if (part.verdict === 'FAIL') this.failed = true;
    if (part.verdict === 'INCONCLUSIVE') {
      this.inconclusive = true;
      for (const c of part.causes) if (!this.causes.includes(c)) this.causes.push(c);
    }
  }

  get verdict(): GateVerdict {
    return this.failed ? 'FAIL' : this.inconclusive ? 'INCONCLUSIVE' : 'PASS';
  }

  /** Causes only mean something for an INCONCLUSIVE verdict; a FAIL carries none. */
  result(): { verdict: GateVerdict; causes: InconclusiveCause[]; reasons: string[] } {
    const verdict = this.verdict;
    return { verdict, causes: verdict === 'INCONCLUSIVE' ? [...this.causes] : [], reasons: [...this.reasons] };
  }
}
