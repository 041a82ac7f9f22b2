import type { V1Pod } from '@kubernetes/client-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WaitTimeoutError } from './errors.js';
import { podReached } from './kube/object-state.js';
import {
  receiptTime,
  waitFor,
  WaitUnreachableError,
  type Observation,
  type ObservationType,
  type Predicate,
  type StateSink,
  type StateSource,
} from './wait.js';

/** An in-memory StateSource: the test pushes states, the wait consumes them. */
class FakeSource<T> implements StateSource<T> {
  sink: StateSink<T> | undefined;
  stops = 0;
  event: string | undefined;
  eventError: Error | undefined;
  private markStarted!: () => void;
  readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));

  constructor(private readonly withEvents = true) {
    if (!withEvents) delete (this as Partial<StateSource<T>>).lastEvent;
  }

  start(sink: StateSink<T>): () => void {
    this.sink = sink;
    this.markStarted();
    return () => {
      this.stops += 1;
    };
  }

  lastEvent? = async (): Promise<string | undefined> => {
    if (this.eventError) throw this.eventError;
    return this.event;
  };

  emit(type: ObservationType, object: T | undefined, receivedAt: number = receiptTime()): void {
    this.sink?.next({ type, object, receivedAt });
  }
}

/** Budgets for the tests themselves: long enough never to fire by accident, or tiny to make them fire. */
const generousMs = 10_000;
const podStartBudgetMs = 120_000;

const pod = (status: V1Pod['status'], extra: Partial<V1Pod> = {}): V1Pod => ({
  metadata: { name: 'p', namespace: 'ns', uid: 'u1' },
  spec: { containers: [{ name: 'probe' }], nodeName: 'node-1' },
  status,
  ...extra,
});

const creating = pod({
  phase: 'Pending',
  containerStatuses: [{ name: 'probe', image: 'i', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }],
});
const runningNotReady = pod({
  phase: 'Running',
  conditions: [{ type: 'Ready', status: 'False' }],
  containerStatuses: [{ name: 'probe', image: 'i', imageID: '', ready: false, restartCount: 0, state: { running: {} } }],
});
const ready = pod({
  phase: 'Running',
  conditions: [{ type: 'Ready', status: 'True' }],
  containerStatuses: [{ name: 'probe', image: 'i', imageID: '', ready: true, restartCount: 0, state: { running: {} } }],
});
const failed = pod({
  phase: 'Failed',
  containerStatuses: [{ name: 'probe', image: 'i', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }],
});

afterEach(() => {
  vi.useRealTimers();
});

describe('waitFor', () => {
  it('resolves with the value and receipt time of the state that satisfied the predicate', async () => {
    const source = new FakeSource<V1Pod>();
    const seen: string[] = [];
    const waiting = waitFor({
      what: 'pod ns/p Ready',
      source,
      until: podReached('Ready'),
      timeoutMs: generousMs,
      onState: (r) => seen.push(r.state),
    });
    await source.started;
    source.emit('LISTED', creating, 1000);
    source.emit('MODIFIED', creating, 1001);
    source.emit('MODIFIED', runningNotReady, 1002.5);
    source.emit('MODIFIED', ready, 1003.25);
    const result = await waiting;
    expect(result.value).toBe(ready);
    expect(result.receivedAt).toBe(1003.25);
    // Consecutive duplicates collapse, keeping the first receipt time.
    expect(result.history).toEqual([
      { state: 'ContainerCreating', type: 'LISTED', receivedAt: 1000 },
      { state: 'Running, not Ready', type: 'MODIFIED', receivedAt: 1002.5 },
      { state: 'Running, Ready', type: 'MODIFIED', receivedAt: 1003.25 },
    ]);
    expect(seen).toEqual(['ContainerCreating', 'Running, not Ready', 'Running, Ready']);
    expect(source.stops).toBe(1);
  });

  it('hands the predicate every state in order, with its observation', async () => {
    const source = new FakeSource<number>();
    const calls: [number | undefined, ObservationType][] = [];
    const until: Predicate<number, string> = (n, o: Observation<number>) => {
      calls.push([n, o.type]);
      return n === 3 ? { done: true, value: 'three' } : { done: false, state: `at ${n ?? 'none'}` };
    };
    const waiting = waitFor({ what: 'three', source, until, timeoutMs: generousMs });
    await source.started;
    source.emit('ABSENT', undefined);
    source.emit('ADDED', 1);
    source.emit('MODIFIED', 3);
    source.emit('MODIFIED', 4);
    await expect(waiting).resolves.toMatchObject({ value: 'three' });
    expect(calls).toEqual([
      [undefined, 'ABSENT'],
      [1, 'ADDED'],
      [3, 'MODIFIED'],
    ]);
  });

  it('times out with what, last state and the latest event in one line', async () => {
    vi.useFakeTimers();
    const source = new FakeSource<V1Pod>();
    source.event = 'Failed to create pod sandbox: rpc error:\n  runsc not found';
    const waiting = waitFor({ what: 'pod ns/p Ready', source, until: podReached('Ready'), timeoutMs: podStartBudgetMs });
    const outcome = waiting.catch((err: unknown) => err);
    await source.started;
    source.emit('LISTED', creating);
    await vi.advanceTimersByTimeAsync(podStartBudgetMs);
    const err = await outcome;
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as Error).message).toBe(
      'Timed out after 120000 ms waiting for pod ns/p Ready; last: ContainerCreating; event: Failed to create pod sandbox: rpc error: runsc not found',
    );
    expect((err as WaitTimeoutError).lastState).toBe('ContainerCreating');
    expect(source.stops).toBe(1);
  });

  it('says so when there is no event, no state, or the lookup fails', async () => {
    vi.useFakeTimers();
    const tinyMs = 50;

    const none = new FakeSource<V1Pod>();
    const a = waitFor({ what: 'x', source: none, until: podReached('Ready'), timeoutMs: tinyMs }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(tinyMs);
    expect(((await a) as Error).message).toBe('Timed out after 50 ms waiting for x; last: nothing observed yet; event: none');

    const broken = new FakeSource<V1Pod>();
    broken.eventError = new Error('forbidden');
    const b = waitFor({ what: 'x', source: broken, until: podReached('Ready'), timeoutMs: tinyMs }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(tinyMs);
    expect(((await b) as Error).message).toBe('Timed out after 50 ms waiting for x; last: nothing observed yet; event: unavailable (forbidden)');

    const eventless = new FakeSource<V1Pod>(false);
    const c = waitFor({ what: 'x', source: eventless, until: podReached('Ready'), timeoutMs: tinyMs }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(tinyMs);
    expect(((await c) as Error).message).toBe('Timed out after 50 ms waiting for x; last: nothing observed yet');
  });

  it('keeps the last recoverable trouble as the timeout cause', async () => {
    vi.useFakeTimers();
    const tinyMs = 50;
    const source = new FakeSource<V1Pod>();
    const trouble = new Error('connection refused');
    const outcome = waitFor({ what: 'x', source, until: podReached('Ready'), timeoutMs: tinyMs }).catch((e: unknown) => e);
    await source.started;
    source.sink?.trouble(trouble);
    await vi.advanceTimersByTimeAsync(tinyMs);
    expect(((await outcome) as Error).cause).toBe(trouble);
  });

  it('fails at once, with the event, when the predicate says the condition is unreachable', async () => {
    const source = new FakeSource<V1Pod>();
    source.event = 'Back-off restarting failed container';
    const outcome = waitFor({ what: 'pod ns/p Ready', source, until: podReached('Ready'), timeoutMs: generousMs }).catch((e: unknown) => e);
    await source.started;
    source.emit('MODIFIED', failed);
    const err = await outcome;
    expect(err).toBeInstanceOf(WaitUnreachableError);
    expect((err as WaitUnreachableError).lastState).toBe('Failed (Error, exit 1)');
    expect((err as Error).message).toMatch(
      /^Gave up after \d+ ms waiting for pod ns\/p Ready: it can no longer happen; last: Failed \(Error, exit 1\); event: Back-off restarting failed container$/,
    );
    expect(source.stops).toBe(1);
  });

  it('rejects with the abort reason and stops the source', async () => {
    const source = new FakeSource<V1Pod>();
    const controller = new AbortController();
    const outcome = waitFor({ what: 'x', source, until: podReached('Ready'), timeoutMs: generousMs, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    await source.started;
    const reason = new Error('test ended');
    controller.abort(reason);
    expect(await outcome).toBe(reason);
    expect(source.stops).toBe(1);
    source.emit('MODIFIED', ready); // ignored after settling
  });

  it('does not start when the signal is already aborted', async () => {
    const source = new FakeSource<V1Pod>();
    const reason = new Error('already');
    await expect(waitFor({ what: 'x', source, until: podReached('Ready'), timeoutMs: generousMs, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(source.sink).toBeUndefined();
  });

  it('rejects with a source failure or a predicate exception', async () => {
    const failing = new FakeSource<V1Pod>();
    const fatal = new Error('403 forbidden');
    const a = waitFor({ what: 'x', source: failing, until: podReached('Ready'), timeoutMs: generousMs });
    await failing.started;
    failing.sink?.fail(fatal);
    await expect(a).rejects.toBe(fatal);
    expect(failing.stops).toBe(1);

    const throwing = new FakeSource<number>();
    const bug = new Error('predicate bug');
    const b = waitFor<number, number>({
      what: 'x',
      source: throwing,
      until: () => {
        throw bug;
      },
      timeoutMs: generousMs,
    });
    await throwing.started;
    throwing.emit('ADDED', 1);
    await expect(b).rejects.toBe(bug);
  });

  it('stops a source whose start resolves after the wait already ended', async () => {
    let stopped = false;
    let sink: StateSink<number> | undefined;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const source: StateSource<number> = {
      async start(s) {
        sink = s;
        s.next({ type: 'LISTED', object: 1, receivedAt: receiptTime() });
        await gate;
        return () => {
          stopped = true;
        };
      },
    };
    const result = waitFor<number, number>({ what: 'x', source, until: (n) => (n === 1 ? { done: true, value: n } : { done: false, state: 'no' }), timeoutMs: generousMs });
    await expect(result).resolves.toMatchObject({ value: 1 });
    expect(sink).toBeDefined();
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(true);
  });
});

describe('waitFor arguments', () => {
  it('refuses a timeout setTimeout cannot honour', async () => {
    const tooLongMs = 2 ** 31;
    await expect(waitFor({ what: 'x', source: new FakeSource<V1Pod>(), until: podReached('Ready'), timeoutMs: tooLongMs })).rejects.toThrow(RangeError);
    await expect(waitFor({ what: 'x', source: new FakeSource<V1Pod>(), until: podReached('Ready'), timeoutMs: 0 })).rejects.toThrow(RangeError);
  });
});

describe('receiptTime', () => {
  it('is epoch milliseconds close to Date.now()', () => {
    const closeEnoughMs = 50;
    expect(Math.abs(receiptTime() - Date.now())).toBeLessThan(closeEnoughMs);
  });
});
