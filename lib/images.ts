/**
 * Every image the suites run, in one place. Each is a configuration field (probe.image,
 * tools.image, workloads.image) and an environment variable `gauntlet run` sets from it; the defaults are the
 * embedded cluster's registry paths. Users who mirror images into their own registry set
 * the fields (README, "Images").
 */

/** The registry host in the local cluster's image references; its nodes map it to the registry container. */
export const localRegistryHost = 'registry.gauntlet.local';

/** `registry.gauntlet.local/<name>:<tag>`. */
export const registryImage = (name: string, tag = 'latest'): string => `${localRegistryHost}/${name}:${tag}`;

/** The probe: a static Go binary (fixtures/probe). GAUNTLET_PROBE_IMAGE (`--probe-image`, probe.image) wins. */
export const defaultProbeImage = registryImage('probe');
export const probeImage = (env: NodeJS.ProcessEnv = process.env): string => env.GAUNTLET_PROBE_IMAGE || defaultProbeImage;

/**
 * Helper pods (CPU stress, the node agent, smoke tests): bash, coreutils, util-linux (nsenter),
 * procps, iptables. GAUNTLET_TOOLS_IMAGE (tools.image) wins.
 */
export const defaultToolsImage = registryImage('debian-tools');
export const toolsImage = (env: NodeJS.ProcessEnv = process.env): string => env.GAUNTLET_TOOLS_IMAGE || defaultToolsImage;

/**
 * The workloads image (fixtures/workloads): a Debian rootfs with python3 and `gauntlet-work`, the
 * stamp that times a workload's own work and the built-in workloads (lib/workloads/builtin.ts).
 * Every workload pod's init container copies the stamp from it, so a user's own image runs under
 * the same clock. GAUNTLET_WORKLOADS_IMAGE (workloads.image) wins.
 */
export const defaultWorkloadsImage = registryImage('workloads');
export const workloadsImage = (env: NodeJS.ProcessEnv = process.env): string => env.GAUNTLET_WORKLOADS_IMAGE || defaultWorkloadsImage;

/**
 * Pull policy of every image the suites run: IfNotPresent, as a platform's pods would. A
 * `:latest` the harness rebuilt reaches the local cluster's nodes because `cluster up` drops
 * stale copies from them (lib/cluster/registry.ts).
 */
export const imagePullPolicy = 'IfNotPresent' as const;
