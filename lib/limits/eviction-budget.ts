import { ephemeralEvictionMarginMs } from '../timeouts.js';

/**
 * Pure: how long a pod past its ephemeral-storage limit may take to be evicted on a node whose
 * kubelet measures volumes every `volumeStatsAggPeriodMs`: the kubelet jitters that period up to
 * twice its length, so a write just after one measurement is seen up to two periods later. Only
 * the margin (the eviction manager's 10 s pass, the API's report) is the caller's to scale for a
 * slow environment: the periods are the kubelet's own clock, which a loaded runner does not stretch.
 */
export const evictionBudgetMs = (volumeStatsAggPeriodMs: number, marginMs: number = ephemeralEvictionMarginMs): number => 2 * volumeStatsAggPeriodMs + marginMs;
