import { describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import { performanceProfile } from './profile.js';

const defaults = { pairs: 32, minSuccesses: 28, stressPairs: 16 };

describe('performanceProfile', () => {
  it('is the full config locally', () => {
    expect(performanceProfile(defaults, {})).toEqual({ name: 'full', pairs: 32, minSuccesses: 28, stressPairs: 16, calibrationStarts: 5 });
    expect(performanceProfile(defaults, { CI: 'false' }).name).toBe('full');
  });

  it('is 8 pairs / 6 successes under CI=true, never more than the config asks', () => {
    expect(performanceProfile(defaults, { CI: 'true' })).toEqual({ name: 'ci', pairs: 8, minSuccesses: 6, stressPairs: 8, calibrationStarts: 3 });
    expect(performanceProfile({ pairs: 4, minSuccesses: 3 }, { CI: '1' })).toMatchObject({ pairs: 4, minSuccesses: 3 });
  });

  it('GAUNTLET_PERF_PROFILE wins over CI, and a bad value is bad input', () => {
    expect(performanceProfile(defaults, { CI: 'true', GAUNTLET_PERF_PROFILE: 'full' }).name).toBe('full');
    expect(performanceProfile(defaults, { GAUNTLET_PERF_PROFILE: 'ci' }).name).toBe('ci');
    expect(() => performanceProfile(defaults, { GAUNTLET_PERF_PROFILE: 'quick' })).toThrow(BadInputError);
  });
});
