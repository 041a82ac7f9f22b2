import type { V1ContainerStatus, V1DaemonSet, V1Node, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { Observation, ObservationType } from '../wait.js';
import {
  daemonSetReady,
  describeDaemonSet,
  describeNodeCondition,
  describePod,
  gone,
  isPodFinished,
  nodeConditionIs,
  podReached,
  present,
} from './object-state.js';

const cs = (state: V1ContainerStatus['state'], name = 'probe'): V1ContainerStatus => ({ name, image: 'i', imageID: '', ready: false, restartCount: 0, state });
const pod = (status: V1Pod['status'], opts: { nodeName?: string; deleting?: boolean } = {}): V1Pod => ({
  metadata: { name: 'p', namespace: 'ns', ...(opts.deleting && { deletionTimestamp: new Date() }) },
  spec: { containers: [{ name: 'probe' }], ...(opts.nodeName !== undefined && { nodeName: opts.nodeName }) },
  status,
});
const obs = <T>(object: T | undefined, type: ObservationType = 'MODIFIED'): Observation<T> => ({ type, object, receivedAt: 0 });

describe('describePod', () => {
  it('uses the most telling reason', () => {
    expect(describePod(undefined)).toBe('not found');
    expect(describePod(pod({ phase: 'Pending' }))).toBe('Pending (not scheduled)');
    expect(describePod(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }))).toBe(
      'Pending (Unschedulable)',
    );
    expect(describePod(pod({ phase: 'Pending' }, { nodeName: 'n1' }))).toBe('Pending');
    expect(describePod(pod({ phase: 'Pending', containerStatuses: [cs({ waiting: { reason: 'ContainerCreating' } })] }, { nodeName: 'n1' }))).toBe(
      'ContainerCreating',
    );
    expect(describePod(pod({ phase: 'Running', containerStatuses: [cs({ waiting: { reason: 'CrashLoopBackOff' } })] }))).toBe('CrashLoopBackOff');
    expect(
      describePod(
        pod({
          phase: 'Pending',
          initContainerStatuses: [cs({ waiting: { reason: 'ImagePullBackOff' } }, 'init')],
          containerStatuses: [cs({ waiting: { reason: 'PodInitializing' } })],
        }),
      ),
    ).toBe('Init:ImagePullBackOff');
    expect(describePod(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [cs({ running: {} })] }))).toBe(
      'Running, not Ready',
    );
    expect(describePod(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [cs({ running: {} })] }))).toBe(
      'Running, Ready',
    );
    expect(describePod(pod({ phase: 'Running', containerStatuses: [cs({ terminated: { exitCode: 0, reason: 'Completed' } })] }))).toBe(
      'Running (container Completed, exit 0)',
    );
    expect(describePod(pod({ phase: 'Failed', containerStatuses: [cs({ terminated: { exitCode: 137, reason: 'OOMKilled' } })] }))).toBe(
      'Failed (OOMKilled, exit 137)',
    );
    expect(describePod(pod({ phase: 'Failed', reason: 'Evicted' }))).toBe('Failed (Evicted)');
    expect(describePod(pod({ phase: 'Running' }, { deleting: true }))).toBe('Terminating');
  });
});

describe('podReached', () => {
  const creating = pod({ phase: 'Pending', containerStatuses: [cs({ waiting: { reason: 'ContainerCreating' } })] }, { nodeName: 'n1' });
  const running = pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [cs({ running: {} })] }, { nodeName: 'n1' });
  const ready = pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [cs({ running: {} })] }, { nodeName: 'n1' });
  const succeeded = pod(
    { phase: 'Succeeded', containerStatuses: [cs({ terminated: { exitCode: 0, reason: 'Completed', startedAt: new Date() } })] },
    { nodeName: 'n1' },
  );
  const allTerminatedStillRunning = pod(
    { phase: 'Running', containerStatuses: [cs({ terminated: { exitCode: 1, reason: 'Error', startedAt: new Date() } })] },
    { nodeName: 'n1' },
  );
  const failedBeforeStart = pod({ phase: 'Failed', reason: 'Evicted' });

  it('Scheduled', () => {
    expect(podReached('Scheduled')(creating, obs(creating))).toMatchObject({ done: true });
    expect(podReached('Scheduled')(pod({ phase: 'Pending' }), obs(pod({ phase: 'Pending' })))).toEqual({
      done: false,
      state: 'Pending (not scheduled)',
      unreachable: false,
    });
  });

  it('Running includes a pod that already finished after starting', () => {
    expect(podReached('Running')(creating, obs(creating))).toEqual({ done: false, state: 'ContainerCreating', unreachable: false });
    expect(podReached('Running')(running, obs(running))).toMatchObject({ done: true, value: running });
    expect(podReached('Running')(succeeded, obs(succeeded))).toMatchObject({ done: true });
    expect(podReached('Running')(failedBeforeStart, obs(failedBeforeStart))).toMatchObject({ done: false, unreachable: true });
  });

  it('Ready, and a finished pod can never be', () => {
    expect(podReached('Ready')(running, obs(running))).toEqual({ done: false, state: 'Running, not Ready', unreachable: false });
    expect(podReached('Ready')(ready, obs(ready))).toMatchObject({ done: true, value: ready, state: 'Running, Ready' });
    expect(podReached('Ready')(succeeded, obs(succeeded))).toEqual({ done: false, state: 'Succeeded (Completed, exit 0)', unreachable: true });
  });

  it('Finished on phase or on all containers terminated', () => {
    expect(isPodFinished(allTerminatedStillRunning)).toBe(true);
    expect(podReached('Finished')(allTerminatedStillRunning, obs(allTerminatedStillRunning))).toMatchObject({ done: true });
    expect(podReached('Finished')(succeeded, obs(succeeded))).toMatchObject({ done: true });
    expect(podReached('Finished')(running, obs(running))).toEqual({ done: false, state: 'Running, not Ready' });
  });

  it('a missing pod keeps waiting, a deleted one is unreachable', () => {
    expect(podReached('Ready')(undefined, obs<V1Pod>(undefined, 'ABSENT'))).toEqual({ done: false, state: 'not found' });
    expect(podReached('Finished')(running, obs(running, 'DELETED'))).toEqual({ done: false, state: 'deleted', unreachable: true });
  });
});

describe('nodes', () => {
  const node = (status: string, reason?: string): V1Node => ({
    metadata: { name: 'n1' },
    status: { conditions: [{ type: 'Ready', status, ...(reason && { reason }) }] },
  });
  it('describes and matches a condition', () => {
    expect(describeNodeCondition(node('False', 'KubeletNotReady'), 'Ready')).toBe('Ready=False (KubeletNotReady)');
    expect(describeNodeCondition(node('True'), 'MemoryPressure')).toBe('MemoryPressure not reported');
    expect(describeNodeCondition(undefined, 'Ready')).toBe('not found');
    const ready = node('True', 'KubeletReady');
    expect(nodeConditionIs('Ready', 'True')(ready, obs(ready))).toMatchObject({ done: true, value: ready });
    expect(nodeConditionIs('Ready', 'False')(ready, obs(ready))).toEqual({ done: false, state: 'Ready=True (KubeletReady)' });
  });
});

describe('daemonsets', () => {
  const ds = (generation: number, observed: number | undefined, desired: number, updated: number, available: number, readyCount = available): V1DaemonSet => ({
    metadata: { name: 'd', generation },
    status: {
      currentNumberScheduled: desired,
      desiredNumberScheduled: desired,
      numberMisscheduled: 0,
      numberReady: readyCount,
      updatedNumberScheduled: updated,
      numberAvailable: available,
      ...(observed !== undefined && { observedGeneration: observed }),
    },
  });
  it('waits for the generation, then for updated and available pods', () => {
    const check = daemonSetReady();
    expect(check(ds(2, 1, 3, 3, 3), obs(ds(2, 1, 3, 3, 3)))).toEqual({ done: false, state: 'generation 2 not yet observed by the controller' });
    expect(check(ds(2, 2, 3, 2, 3), obs(ds(2, 2, 3, 2, 3)))).toEqual({ done: false, state: 'ready 3/3, updated 2/3, available 3/3' });
    expect(check(ds(2, 2, 3, 3, 1), obs(ds(2, 2, 3, 3, 1)))).toMatchObject({ done: false });
    expect(check(ds(2, 2, 3, 3, 3), obs(ds(2, 2, 3, 3, 3)))).toMatchObject({ done: true });
  });
  it('an empty DaemonSet is not ready unless allowed', () => {
    const empty = ds(1, 1, 0, 0, 0);
    expect(daemonSetReady()(empty, obs(empty))).toEqual({ done: false, state: 'ready 0/0, updated 0/0, available 0/0 (no node selected)' });
    expect(daemonSetReady({ allowEmpty: true })(empty, obs(empty))).toMatchObject({ done: true });
    expect(describeDaemonSet(undefined)).toBe('not found');
  });
});

describe('present / gone', () => {
  it('present waits for existence', () => {
    expect(present<object>()(undefined, obs<object>(undefined, 'ABSENT'))).toEqual({ done: false, state: 'not found' });
    expect(present<object>()({}, obs({}, 'ADDED'))).toMatchObject({ done: true });
  });
  it('gone waits for deletion or absence', () => {
    const terminating = { metadata: { deletionTimestamp: new Date() } };
    expect(gone()(terminating, obs(terminating))).toEqual({ done: false, state: 'terminating' });
    expect(gone()(terminating, obs(terminating, 'DELETED'))).toMatchObject({ done: true });
    expect(gone()(undefined, obs<typeof terminating>(undefined, 'ABSENT'))).toMatchObject({ done: true });
  });
});
