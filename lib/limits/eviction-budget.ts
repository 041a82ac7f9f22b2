import { ephemeralEvictionMarginMs } from '../timeouts.js';

/**
 * Pure: how long a pod past its ephemeral-storage limit may take to be evicted on a node whose
 * kubelet measures volumes every `volumeStatsAggPeriodMs`: the kubelet jitters that period up to
 * twice its length, so a write just after one measurement is seen up to two periods later.
 */
export const evictionBudgetMs = (volumeStatsAggPeriodMs: number): number => 2 * volumeStatsAggPeriodMs + ephemeralEvictionMarginMs;
