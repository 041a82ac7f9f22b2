import { describe, expect, it } from 'vitest';
import type { AttemptResult } from '../probe/result.js';
import type { Runtime } from '../runtimes.js';
import { escapeCatalog, isEscapeAttempt } from './catalog.js';
import { decideVerdicts, gotThrough, type Cell } from './verdict.js';

// The evidence rule over the whole catalog: every escape attempt can come out `escaped` under
// hardened runsc for some probe result and node reading (none is contained by construction),
// and the same evidence gives the same answer under runc and runsc (none decided by runtime).
const result = (outcome: AttemptResult['outcome'], tokenMatched: boolean | null): AttemptResult => ({ id: 'x', outcome, detail: 'd', evidence: null, errno: null, tokenMatched });
const through: Omit<Cell, 'runtime' | 'profile'> = { result: result('succeeded', true), nodeChange: { seen: true, detail: 'changed' } };
const notThrough: Omit<Cell, 'runtime' | 'profile'> = { result: result('succeeded', false), nodeChange: { seen: false, detail: 'unchanged' } };

const escapes = escapeCatalog.filter(isEscapeAttempt);

describe('the evidence rule over the whole catalog', () => {
  it('has escape attempts, each proven from outside the pod (never by a kernel answer)', () => {
    expect(escapes.length).toBeGreaterThan(15);
    expect(escapes.filter((e) => e.evidence === 'kernel-answer').map((e) => e.id)).toEqual([]);
  });

  it.each(escapes.map((e) => [e.id, e] as const))('%s can come out escaped under hardened runsc', (_id, entry) => {
    const cells: Cell[] = [
      { runtime: 'runc', profile: 'control', ...through },
      { runtime: 'runsc', profile: 'control', ...through },
      { runtime: 'runc', profile: 'hardened', ...notThrough },
      { runtime: 'runsc', profile: 'hardened', ...through },
    ];
    expect(decideVerdicts(entry, cells, {}).get('runsc/hardened')?.verdict).toBe('escaped');
  });

  it.each(escapes.map((e) => [e.id, e] as const))('%s gives the same answer under runc and runsc for the same evidence', (_id, entry) => {
    for (const evidence of [through, notThrough]) {
      const answer = (runtime: Runtime): boolean => gotThrough(entry, { runtime, ...evidence }).through;
      expect(answer('runsc')).toBe(answer('runc'));
    }
  });

  it.each(escapes.map((e) => [e.id, e] as const))('%s is not through on a granted syscall alone', (_id, entry) => {
    const granted = { result: result('succeeded', null) };
    expect(gotThrough(entry, { runtime: 'runsc', ...granted }).through).toBe(false);
    expect(gotThrough(entry, { runtime: 'runc', ...granted }).through).toBe(false);
  });
});
