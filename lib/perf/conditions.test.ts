import { describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import { conditionData, selectConditions, startConditions } from './conditions.js';

const all = startConditions([1, 4, 8]);

describe('startConditions', () => {
  it('gives idle, cpu-stress and each concurrency above 1', () => {
    expect(all.map((c) => c.name)).toEqual(['idle', 'cpu-stress', 'concurrency-4', 'concurrency-8']);
    expect(all.map((c) => c.concurrency)).toEqual([1, 1, 4, 8]);
  });
});

describe('selectConditions', () => {
  it('runs them all when GAUNTLET_PERF_CONDITIONS is unset or blank', () => {
    expect(selectConditions(all, {})).toEqual(all);
    expect(selectConditions(all, { GAUNTLET_PERF_CONDITIONS: ' ' })).toEqual(all);
  });

  it('keeps the named ones in the suite order', () => {
    expect(selectConditions(all, { GAUNTLET_PERF_CONDITIONS: 'concurrency-8, idle' }).map((c) => c.name)).toEqual(['idle', 'concurrency-8']);
  });

  it('refuses a name it does not know, listing the known ones', () => {
    expect(() => selectConditions(all, { GAUNTLET_PERF_CONDITIONS: 'idle,busy' })).toThrow(BadInputError);
    expect(() => selectConditions(all, { GAUNTLET_PERF_CONDITIONS: 'idle,busy' })).toThrow(/no such condition: busy/);
    expect(() => selectConditions(all, { GAUNTLET_PERF_CONDITIONS: ',' })).toThrow(/\(none given\)/);
  });
});

describe('conditionData', () => {
  const t = { pairs: 32, minSuccesses: 28, stressPairs: 16 };

  it('gives cpu-stress its stressPairs and minSuccesses in the same proportion, rounded up', () => {
    expect(conditionData('cpu-stress', t)).toEqual({ pairs: 16, minSuccesses: 14 });
    expect(conditionData('cpu-stress', { pairs: 32, minSuccesses: 28, stressPairs: 10 })).toEqual({ pairs: 10, minSuccesses: 9 });
  });

  it('gives every other condition pairs and minSuccesses', () => {
    for (const name of ['idle', 'concurrency-4', 'concurrency-8']) expect(conditionData(name, t)).toEqual({ pairs: 32, minSuccesses: 28 });
  });

  it('never gives cpu-stress more pairs than the others (the CI profile caps pairs at 8)', () => {
    expect(conditionData('cpu-stress', { pairs: 8, minSuccesses: 6, stressPairs: 16 })).toEqual({ pairs: 8, minSuccesses: 6 });
  });
});
