/**
 * Attributes the kubelet's pod-start SLI to runtimes: read every node's histogram, run a batch
 * of starts of one runtime, read again; the growth belongs to that batch's runtime. Batches
 * run one after another, so each read is the "after" of one batch and the "before" of the next.
 */
import type { Kube } from '../kube/client.js';
import { addHistograms, histogramDelta, readPodStartSli, sliFigures, type Histogram } from './kubelet-sli.js';

export class SliTracker {
  private last = new Map<string, Histogram | undefined>();
  private readonly byKey = new Map<string, Histogram>();
  readonly problems: string[] = [];

  constructor(
    private readonly kube: Kube,
    private readonly nodes: readonly string[],
  ) {}

  private async readAll(): Promise<Map<string, Histogram | undefined>> {
    const entries = await Promise.all(
      this.nodes.map(async (n): Promise<[string, Histogram | undefined]> => {
        try {
          return [n, await readPodStartSli(this.kube, n)];
        } catch (err) {
          this.problems.push(`${n}: /metrics unreadable (${(err as Error).message})`);
          return [n, undefined];
        }
      }),
    );
    return new Map(entries);
  }

  /** Reads the starting point. */
  async begin(): Promise<void> {
    this.last = await this.readAll();
  }

  /** Reads again and adds each node's growth since the previous read to `key` (a runtime). */
  async attribute(key: string): Promise<void> {
    const now = await this.readAll();
    for (const [node, after] of now) {
      if (!after) continue;
      const delta = histogramDelta(after, this.last.get(node));
      this.byKey.set(key, addHistograms(this.byKey.get(key), delta));
    }
    this.last = now;
  }

  /** p50/p99/count per key; a key with no counted start is left out. */
  figures(): Record<string, { p50Ms: number; p99Ms: number; count: number }> {
    const out: Record<string, { p50Ms: number; p99Ms: number; count: number }> = {};
    for (const [key, h] of this.byKey) {
      const f = sliFigures(h);
      if (f) out[key] = f;
    }
    return out;
  }
}
