import { describe, expect, it } from 'vitest';
import { ephemeralEvictionMarginMs } from '../timeouts.js';
import { evictionBudgetMs } from './eviction-budget.js';

describe('evictionBudgetMs', () => {
  it('is two of the kubelet volume-stats periods plus the margin', () => {
    expect(evictionBudgetMs(60_000)).toBe(120_000 + ephemeralEvictionMarginMs);
  });

  it('scales only the margin a slow environment asks for, never the kubelet periods', () => {
    expect(evictionBudgetMs(60_000, 2 * ephemeralEvictionMarginMs)).toBe(120_000 + 2 * ephemeralEvictionMarginMs);
  });
});
