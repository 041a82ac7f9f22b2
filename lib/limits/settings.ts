/**
 * The limits the resource-limits checks set and what their pods do against them (suites/workloads/limits.test.ts,
 * docs/workloads.md "Resource limits"). Sizes are modest on purpose: the checks share a 2-core,
 * 24 GiB VM with other users, and a limit that fails must not take the machine with it.
 */

/** The memory limit of the allocating pod; under runsc the Sentry's own memory counts in it too. */
export const memoryLimitMiB = 128;
/** What the hog allocates (and touches): twice the limit, so the limit is clearly crossed; the control holds it all without a limit. */
export const memoryAllocationMiB = 256;
/** The hog allocates in steps of this much and prints its total after each, so the log says how far it got. */
export const memoryStepMiB = 8;

/** The CPU limit of the busy pod, in cores: a quarter of the 2-core nodes, so the unlimited control can clearly exceed it. */
export const cpuLimitCores = 0.5;
/**
 * How far above its limit the limited pod may measure and still count as held to it. CFS enforces
 * the quota per 100 ms period and may overrun a period by up to a scheduler tick; the window's edges
 * are read a few ms apart from the two counters. 10 % covers both many times over, and is small
 * enough that a limit leaking by a tenth is caught.
 */
export const cpuTolerance = 0.1;
/** Busy loops in the pod: more than the limit could use, so both the limit and the unlimited control have work to refuse or take. */
export const cpuBusyLoops = 2;

/** The fork bomb stops at this many times the node's PID limit (it must be able to cross the limit to show it holds)… */
export const forkCapFactor = 2;
/** …but never beyond this many processes, whatever the node's limit: a failed limit must not exhaust the VM's PIDs. */
export const forkCapMax = 4096;
/** The bomb prints how many it has forked every so many, so a sandbox that dies mid-way still says how far it got. */
export const forkProgressEvery = 64;

/** The ephemeral-storage limit of the writing pods. */
export const storageLimitMiB = 64;
/** What the over-writer writes: twice the limit. */
export const storageOverMiB = 128;
/** What the control writes to each of rootfs and emptyDir: together a half of the limit. */
export const storageControlMiB = 16;
