import { describe, expect, it } from 'vitest';
import { BadInputError } from './errors.js';
import { ciTimeoutScale, envScaled, envTimeoutScale, podStartMs, scaled } from './timeouts.js';

describe('timeouts', () => {
  it('scaled stretches and rounds up', () => {
    expect(scaled(podStartMs, 1)).toBe(120_000);
    expect(scaled(1000, 1.5)).toBe(1500);
    expect(scaled(1000, 0.3333)).toBe(334);
    expect(scaled(0, 3)).toBe(0);
  });

  it('scaled refuses nonsense factors', () => {
    expect(() => scaled(1000, 0)).toThrow(RangeError);
    expect(() => scaled(1000, Number.NaN)).toThrow(RangeError);
    expect(() => scaled(1000, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => scaled(-1, 1)).toThrow(RangeError);
  });

  it('reads the environment factor', () => {
    expect(envTimeoutScale({})).toBe(1);
    expect(envTimeoutScale({ CI: 'true' })).toBe(ciTimeoutScale);
    expect(envTimeoutScale({ CI: 'false' })).toBe(1);
    expect(envTimeoutScale({ CI: 'true', GAUNTLET_TIMEOUT_SCALE: '3' })).toBe(3);
    expect(() => envTimeoutScale({ GAUNTLET_TIMEOUT_SCALE: 'fast' })).toThrow(BadInputError);
    expect(() => envTimeoutScale({ GAUNTLET_TIMEOUT_SCALE: '-1' })).toThrow(BadInputError);
    expect(envScaled(1000, { GAUNTLET_TIMEOUT_SCALE: '2.5' })).toBe(2500);
  });
});
