import { describe, expect, it } from 'vitest';
import type { V1Node } from '@kubernetes/client-node';
import { isUsableWorker, servesRuntime } from './node-choice.js';

const node = (labels: Record<string, string>, extra: Partial<V1Node['spec']> = {}, ready = 'True'): V1Node => ({
  metadata: { name: 'n', labels },
  spec: { ...extra },
  status: { conditions: [{ type: 'Ready', status: ready }] },
});

describe('isUsableWorker', () => {
  it('takes Ready, schedulable, untainted nodes that are not control planes', () => {
    expect(isUsableWorker(node({}))).toBe(true);
    expect(isUsableWorker(node({ 'node-role.kubernetes.io/control-plane': '' }))).toBe(false);
    expect(isUsableWorker(node({}, { unschedulable: true }))).toBe(false);
    expect(isUsableWorker(node({}, { taints: [{ key: 'x', effect: 'NoSchedule' }] }))).toBe(false);
    expect(isUsableWorker(node({}, {}, 'Unknown'))).toBe(false);
  });
});

describe('servesRuntime', () => {
  it('gives runsc only gVisor-ready nodes and runc every worker', () => {
    const gvisor = node({ 'sandbox-gauntlet.dev/gvisor': 'ready' });
    const standard = node({ 'sandbox-gauntlet.dev/node-group': 'standard' });
    expect(servesRuntime(gvisor, 'runsc')).toBe(true);
    expect(servesRuntime(standard, 'runsc')).toBe(false);
    expect(servesRuntime(standard, 'runc')).toBe(true);
  });
});
