import { describe, expect, it } from 'vitest';
import { judgeBindings, runscBoundOffGvisor, type Binding, type NodeState } from './placement.js';

const ready = { 'sandbox-gauntlet.dev/gvisor': 'ready' };
const history: NodeState[] = [
  { node: 'w-new', revision: 100, labels: {} },
  { node: 'w-new', revision: 140, labels: ready },
  { node: 'w-std', revision: 90, labels: { 'sandbox-gauntlet.dev/node-group': 'standard' } },
];
const bind = (pod: string, node: string, revision: number, runtime: string): Binding => ({
  pod, node, revision, podLabels: { 'sandbox-gauntlet.dev/runtime': runtime }, receivedAt: 0,
});

describe('judgeBindings', () => {
  it('takes the node state last written before the binding, not the newest one', () => {
    const [early, late] = judgeBindings([bind('a', 'w-new', 120, 'runsc'), bind('b', 'w-new', 150, 'runsc')], history);
    expect(early?.nodeLabelsAtBinding).toEqual({});
    expect(late?.nodeLabelsAtBinding).toEqual(ready);
  });

  it('says it saw no state when every state of the node is newer than the binding', () => {
    expect(judgeBindings([bind('a', 'w-new', 50, 'runsc')], history)[0]?.nodeLabelsAtBinding).toBeUndefined();
  });
});

describe('runscBoundOffGvisor', () => {
  it('names runsc pods bound before the ready label, and on the standard group, but never runc pods', () => {
    const judged = judgeBindings(
      [bind('early', 'w-new', 120, 'runsc'), bind('ok', 'w-new', 150, 'runsc'), bind('std', 'w-std', 95, 'runsc'), bind('runc', 'w-std', 95, 'runc'), bind('blind', 'w-new', 50, 'runsc')],
      history,
    );
    const off = runscBoundOffGvisor(judged);
    expect(off).toHaveLength(3);
    expect(off[0]).toMatch(/^early → w-new .*\(unset\) when bound/);
    expect(off[1]).toMatch(/^std → w-std/);
    expect(off[2]).toMatch(/no state of the node seen before the binding/);
  });
});
