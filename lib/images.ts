/**
 * Every image the suites run, in one place. Each is a configuration field (probe.image,
 * tools.image) and an environment variable `gauntlet run` sets from it; the defaults are the
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
 * Pull policy of every image the suites run: IfNotPresent, as a platform's pods would. A
 * `:latest` the harness rebuilt reaches the local cluster's nodes because `cluster up` drops
 * stale copies from them (lib/cluster/registry.ts).
 */
export const imagePullPolicy = 'IfNotPresent' as const;
