import { describe, expect, it } from 'vitest';
import type { V1Node, V1Taint } from '@kubernetes/client-node';
import { nodeProblems } from './node-leftovers.js';

const node = (name: string, o: { ready?: string; unschedulable?: boolean; taints?: V1Taint[] } = {}): V1Node => ({
  metadata: { name },
  spec: { ...(o.unschedulable !== undefined && { unschedulable: o.unschedulable }), ...(o.taints && { taints: o.taints }) },
  status: { conditions: [{ type: 'Ready', status: o.ready ?? 'True', reason: o.ready === 'Unknown' ? 'NodeStatusUnknown' : 'KubeletReady' }] },
});

describe('nodeProblems', () => {
  it('finds nothing on Ready, schedulable nodes with foreign taints only', () => {
    expect(nodeProblems([node('a'), node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] })])).toEqual([]);
  });

  it('reports NotReady, cordoned and harness-tainted nodes', () => {
    expect(nodeProblems([node('lost', { ready: 'Unknown' }), node('cordoned', { unschedulable: true }), node('t', { taints: [{ key: 'sandbox-gauntlet.dev/chaos', value: 'x', effect: 'NoExecute' }] })])).toEqual([
      { node: 'lost', problem: 'not Ready (Unknown: NodeStatusUnknown)' },
      { node: 'cordoned', problem: 'cordoned (spec.unschedulable)' },
      { node: 't', problem: 'tainted sandbox-gauntlet.dev/chaos=x:NoExecute' },
    ]);
  });
});
