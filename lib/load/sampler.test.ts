import type { V1Node } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { combineLoad, describeLoad, nodeLoadFrom, snapshotFrom } from './sampler.js';
import type { LoadSnapshot } from './timeout-model.js';

const node = (name: string, o: { cpu?: string; memory?: string; ready?: boolean; taint?: boolean } = {}): V1Node => ({
  metadata: { name },
  spec: o.taint ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {},
  status: {
    allocatable: { cpu: o.cpu ?? '2', memory: o.memory ?? '4Gi' },
    conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
  },
});

describe('nodeLoadFrom', () => {
  it('divides summary usage by allocatable: 0.5 of 2 cores and 1 GiB of 4 GiB', () => {
    const l = nodeLoadFrom(node('w1'), { node: { cpu: { usageNanoCores: 500_000_000 }, memory: { workingSetBytes: 2 ** 30 } } });
    expect(l).toMatchObject({ node: 'w1', cpuCores: 0.5, cpuAllocatableCores: 2, cpuUtilization: 0.25, memoryUtilization: 0.25, ready: true, schedulable: true });
    expect(l.problem).toBeUndefined();
  });

  it('reads milli-CPU allocatable (1900m)', () => {
    expect(nodeLoadFrom(node('w', { cpu: '1900m' }), { node: { cpu: { usageNanoCores: 950_000_000 }, memory: { workingSetBytes: 0 } } }).cpuUtilization).toBeCloseTo(0.5, 12);
  });

  it('counts an unreadable summary as fully loaded, with the reason', () => {
    const l = nodeLoadFrom(node('w'), undefined, 'stats/summary unreadable: 503');
    expect(l).toMatchObject({ cpuUtilization: 1, memoryUtilization: 1, problem: 'stats/summary unreadable: 503' });
    expect(nodeLoadFrom(node('w'), { node: { memory: { workingSetBytes: 0 } } })).toMatchObject({ cpuUtilization: 1, problem: 'summary lacks cpu usage' });
  });
});

describe('snapshotFrom', () => {
  const summary = (cores: number) => ({ node: { cpu: { usageNanoCores: cores * 1e9 }, memory: { workingSetBytes: 2 ** 30 } } });
  it('averages and maxes over Ready schedulable nodes only; the tainted control plane is left out', () => {
    const nodes = [nodeLoadFrom(node('cp', { taint: true }), summary(1.8)), nodeLoadFrom(node('w1'), summary(0.2)), nodeLoadFrom(node('w2'), summary(1.0))];
    const s = snapshotFrom(nodes, 3, 4);
    expect(s.cpuUtilization.mean).toBeCloseTo(0.3, 12);
    expect(s.cpuUtilization.max).toBeCloseTo(0.5, 12);
    expect(s).toMatchObject({ memoryUtilization: { mean: 0.25, max: 0.25 }, pendingPods: 3, harnessConcurrency: 4, nodeCount: 2 });
  });

  it('with no usable node reports nodeCount 0 and the load of all nodes', () => {
    const s = snapshotFrom([nodeLoadFrom(node('w', { ready: false }), undefined, 'node not Ready')], 0, 1);
    expect(s).toMatchObject({ nodeCount: 0, cpuUtilization: { max: 1 } });
  });
});

describe('combineLoad', () => {
  const a: LoadSnapshot = { cpuUtilization: { mean: 0.2, max: 0.4 }, memoryUtilization: { mean: 0.1, max: 0.3 }, pendingPods: 2, harnessConcurrency: 1, nodeCount: 2 };
  const b: LoadSnapshot = { cpuUtilization: { mean: 0.3, max: 0.35 }, memoryUtilization: { mean: 0.05, max: 0.5 }, pendingPods: 0, harnessConcurrency: 4, nodeCount: 1 };
  it('keeps the worst of each field', () => {
    expect(combineLoad([a, b])).toEqual({ cpuUtilization: { mean: 0.3, max: 0.4 }, memoryUtilization: { mean: 0.1, max: 0.5 }, pendingPods: 2, harnessConcurrency: 4, nodeCount: 1 });
    expect(combineLoad([a])).toEqual(a);
    expect(() => combineLoad([])).toThrow(RangeError);
  });
  it('describes a snapshot in one line', () => {
    expect(describeLoad(a)).toBe('cpu 0.20/0.40 (mean/max), mem 0.10/0.30, 2 pending, concurrency 1, 2 nodes');
  });
});
