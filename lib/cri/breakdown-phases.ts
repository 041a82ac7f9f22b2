/** The phases a pod start is broken into (lib/cri/start-breakdown.ts), in the order a start passes through them. */
export const breakdownPhases = ['criBeforeSandbox', 'criSandbox', 'criKubeletGap', 'criCreate', 'criStart', 'criKubeletReport'] as const;
export type BreakdownPhase = (typeof breakdownPhases)[number] | 'criRuntime';
