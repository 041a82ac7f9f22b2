import { describe, expect, it } from 'vitest';
import { strayWorkers } from './node-repair.js';

describe('strayWorkers', () => {
  it('names worker containers the configured cluster does not have (a replacement a killed run left)', () => {
    const s = { controlPlaneName: 'g-control-plane', workers: [{ name: 'g-worker', group: 'gvisor' as const }, { name: 'g-worker2', group: 'standard' as const }] };
    const nodes = [
      { name: 'g-control-plane', role: 'control-plane' as const },
      { name: 'g-worker', role: 'worker' as const },
      { name: 'g-worker2', role: 'worker' as const },
      { name: 'g-worker5', role: 'worker' as const },
    ];
    expect(strayWorkers(s, nodes)).toEqual(['g-worker5']);
    expect(strayWorkers(s, nodes.slice(0, 3))).toEqual([]);
  });
});
