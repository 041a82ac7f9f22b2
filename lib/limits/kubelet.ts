/**
 * What a node's kubelet says, through the API server's node proxy (nodes/proxy get, which the
 * harness's ServiceAccount holds for load sampling): its effective configuration (`/configz`:
 * the per-pod PID limit, the cgroup root and driver, how often it measures volumes), and its
 * stats summary for one pod (what it counts against ephemeral storage and memory).
 */
import { z } from 'zod';
import { InfrastructureError } from '../errors.js';
import { describeKubeError, type Kube } from '../kube/client.js';

const configzSchema = z.object({
  kubeletconfig: z.object({
    podPidsLimit: z.number().optional(),
    cgroupRoot: z.string().optional(),
    cgroupDriver: z.enum(['cgroupfs', 'systemd']).optional(),
    volumeStatsAggPeriod: z.string().optional(),
    localStorageCapacityIsolation: z.boolean().optional(),
  }),
});

export interface KubeletLimitsConfig {
  /** The per-pod PID limit; undefined when none is set (the kubelet's -1 or absent). */
  podPidsLimit: number | undefined;
  cgroupRoot: string;
  cgroupDriver: 'cgroupfs' | 'systemd';
  /** How often the kubelet measures a pod's volumes (emptyDir usage), ms. */
  volumeStatsAggPeriodMs: number;
  /** Whether the kubelet evicts pods past their ephemeral-storage limit at all. */
  localStorageCapacityIsolation: boolean;
}

/** Pure: a Go duration such as "1m0s", "1m30s", "500ms" in ms. */
export function goDurationMs(d: string): number {
  const parts = [...d.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== d) throw new RangeError(`not a Go duration: "${d}"`);
  const unit = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
  return parts.reduce((ms, p) => ms + Number(p[1]) * unit[p[2] as keyof typeof unit], 0);
}

/** The kubelet's defaults where configz leaves a field out. */
const defaults = { cgroupRoot: '/', cgroupDriver: 'cgroupfs', volumeStatsAggPeriod: '1m0s', localStorageCapacityIsolation: true } as const;

/** Pure: the fields the limits checks need from a configz document. */
export function parseConfigz(doc: unknown): KubeletLimitsConfig {
  const c = configzSchema.parse(doc).kubeletconfig;
  return {
    podPidsLimit: c.podPidsLimit !== undefined && c.podPidsLimit > 0 ? c.podPidsLimit : undefined,
    cgroupRoot: c.cgroupRoot || defaults.cgroupRoot,
    cgroupDriver: c.cgroupDriver ?? defaults.cgroupDriver,
    volumeStatsAggPeriodMs: goDurationMs(c.volumeStatsAggPeriod ?? defaults.volumeStatsAggPeriod),
    localStorageCapacityIsolation: c.localStorageCapacityIsolation ?? defaults.localStorageCapacityIsolation,
  };
}

const asJson = (text: unknown): unknown => (typeof text === 'string' ? JSON.parse(text) : text);

export async function readKubeletConfig(kube: Kube, node: string): Promise<KubeletLimitsConfig> {
  try {
    return parseConfigz(asJson(await kube.core.connectGetNodeProxyWithPath({ name: node, path: 'configz' })));
  } catch (err) {
    throw new InfrastructureError(`could not read the kubelet configuration of node ${node} (nodes/${node}/proxy/configz): ${describeKubeError(err)}`, 'The harness needs nodes/proxy get (deploy/rbac.yaml).', { cause: err });
  }
}

/** What the kubelet's stats summary says of one pod, bytes. */
export interface PodStorageStats {
  /** What the kubelet holds against the pod's ephemeral-storage limit (rootfs + logs + local volumes). */
  ephemeralBytes: number | undefined;
  /** The container's writable layer as the runtime reports it. */
  rootfsBytes: number | undefined;
  /** The emptyDir's measured usage, and when it was last measured. */
  volumeBytes: number | undefined;
  volumeMeasuredAt: string | undefined;
  /** The pod's memory working set: under runsc, rootfs writes held in the Sentry's memory show here. */
  memoryWorkingSetBytes: number | undefined;
}

interface SummaryPod {
  podRef?: { name?: string; namespace?: string };
  'ephemeral-storage'?: { usedBytes?: number };
  memory?: { workingSetBytes?: number };
  containers?: { name?: string; rootfs?: { usedBytes?: number } }[];
  volume?: { name?: string; usedBytes?: number; time?: string }[];
}

/** Pure: one pod's storage and memory figures from a stats summary; undefined when the summary does not list it. */
export function podStorageStats(summary: { pods?: SummaryPod[] }, namespace: string, pod: string, container: string, volume: string): PodStorageStats | undefined {
  const p = summary.pods?.find((x) => x.podRef?.namespace === namespace && x.podRef.name === pod);
  if (!p) return undefined;
  const v = p.volume?.find((x) => x.name === volume);
  return {
    ephemeralBytes: p['ephemeral-storage']?.usedBytes,
    rootfsBytes: p.containers?.find((c) => c.name === container)?.rootfs?.usedBytes,
    volumeBytes: v?.usedBytes,
    volumeMeasuredAt: v?.time,
    memoryWorkingSetBytes: p.memory?.workingSetBytes,
  };
}

export async function readPodStorageStats(kube: Kube, node: string, namespace: string, pod: string, container: string, volume: string): Promise<PodStorageStats | undefined> {
  const summary = asJson(await kube.core.connectGetNodeProxyWithPath({ name: node, path: 'stats/summary' })) as { pods?: SummaryPod[] };
  return podStorageStats(summary, namespace, pod, container, volume);
}
