import { describe, expect, it } from 'vitest';
import { gauntletLabels } from './labels.js';
import { selectLeftovers } from './sweeper.js';

const now = new Date('2025-01-01T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const obj = (name: string, labels: Record<string, string>, createdMinutesAgo?: number) => ({
  metadata: { name, labels, ...(createdMinutesAgo !== undefined && { creationTimestamp: minutesAgo(createdMinutesAgo) }) },
});

describe('selectLeftovers', () => {
  const objects = [
    obj('current', gauntletLabels('run-now', 'isolation'), 1),
    obj('old', gauntletLabels('run-old', 'isolation'), 90),
    obj('recent', gauntletLabels('run-other', 'chaos'), 5),
    obj('foreign', { 'sandbox-gauntlet.dev/run-id': 'run-old' }, 90),
    obj('unlabelled-run', { 'app.kubernetes.io/managed-by': 'sandbox-gauntlet' }),
  ];

  it('takes every managed object of another run, never the current run, foreign objects or managed ones of no run (an installation)', () => {
    expect(selectLeftovers('Namespace', objects, { runId: 'run-now', now }).map((o) => o.name)).toEqual(['old', 'recent']);
  });

  it('honours a minimum age; unknown age does not qualify then', () => {
    const picked = selectLeftovers('RuntimeClass', objects, { runId: 'run-now', now, olderThanMinutes: 30 });
    expect(picked).toEqual([{ kind: 'RuntimeClass', name: 'old', runId: 'run-old', createdAt: minutesAgo(90) }]);
  });
});
