import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { BadInputError, InfrastructureError } from '../errors.js';
import { watchRetryDelayMs } from '../timeouts.js';
import type { Observation } from '../wait.js';
import type { Kube } from './client.js';
import { eventTime, isFatalListStatus, pickLatestEvent, watchSource, type ListResult } from './watch-source.js';

const event = (message: string, times: Partial<Pick<CoreV1Event, 'lastTimestamp' | 'eventTime' | 'firstTimestamp' | 'series'>>): CoreV1Event => ({
  metadata: { name: message },
  involvedObject: { kind: 'Pod', name: 'p' },
  message,
  ...times,
});

describe('events', () => {
  it('orders by the newest of the timestamps an event carries', () => {
    const old = event('Scheduled', { firstTimestamp: new Date('2025-01-01T00:00:00Z'), lastTimestamp: new Date('2025-01-01T00:00:01Z') });
    const repeated = event('Back-off', { firstTimestamp: new Date('2025-01-01T00:00:00Z'), lastTimestamp: new Date('2025-01-01T00:05:00Z') });
    const micro = event('FailedCreatePodSandBox', { eventTime: new Date('2025-01-01T00:03:00Z') });
    expect(eventTime(repeated)).toBe(Date.parse('2025-01-01T00:05:00Z'));
    expect(pickLatestEvent([old, repeated, micro])?.message).toBe('Back-off');
    expect(pickLatestEvent([old, micro])?.message).toBe('FailedCreatePodSandBox');
    expect(pickLatestEvent([])).toBeUndefined();
  });

  it('breaks ties by list order', () => {
    const at = new Date('2025-01-01T00:00:00Z');
    expect(pickLatestEvent([event('a', { lastTimestamp: at }), event('b', { lastTimestamp: at })])?.message).toBe('b');
  });
});

describe('isFatalListStatus', () => {
  it('gives up only on errors a retry cannot fix', () => {
    expect([400, 401, 403].every(isFatalListStatus)).toBe(true);
    expect([undefined, 404, 410, 429, 500, 503].some(isFatalListStatus)).toBe(false);
  });
});

/** An API error as client-node throws it: an Error with the HTTP status as `code`. */
const apiError = (code: number, message: string): Error => Object.assign(new Error(message), { code });

/**
 * Starts a watch source over `list` and stops it at its first observation; never watches (the
 * source is stopped before its watch would start), so no API server is needed.
 */
function firstObservation(list: () => Promise<ListResult<V1Pod>>) {
  const troubles: unknown[] = [];
  const source = watchSource<V1Pod>({ kube: {} as Kube, path: '/api/v1/namespaces/ns/pods', model: 'V1Pod', selectors: { fieldSelector: 'metadata.name=p' }, list });
  let stop = (): void => {};
  const outcome = new Promise<{ observed?: Observation<V1Pod>; failed?: unknown }>((resolve) => {
    const started = source.start({
      next: (observed) => {
        stop();
        resolve({ observed });
      },
      trouble: (err) => troubles.push(err),
      fail: (failed) => {
        stop();
        resolve({ failed });
      },
    });
    stop = started as () => void;
  });
  return { outcome, troubles, stop: () => stop() };
}

describe('watchSource listing', () => {
  it('lists again after a failed list, a pause apart, keeping each failure as trouble, until a list works', async () => {
    const at: number[] = [];
    const { outcome, troubles } = firstObservation(async () => {
      at.push(performance.now());
      if (at.length <= 2) throw apiError(503, 'Service Unavailable');
      return { items: [], metadata: { resourceVersion: '7' } };
    });
    const { observed, failed } = await outcome;
    expect(failed).toBeUndefined();
    expect(observed?.type).toBe('ABSENT');
    expect(at).toHaveLength(3);
    for (const [i, t] of at.slice(1).entries()) expect(t - at[i]!).toBeGreaterThanOrEqual(watchRetryDelayMs - 5);
    expect(troubles).toHaveLength(2);
    expect(troubles[0]).toBeInstanceOf(InfrastructureError);
    expect((troubles[0] as Error).message).toBe('Listing /api/v1/namespaces/ns/pods (metadata.name=p) failed: HTTP 503: Service Unavailable');
  });

  it('gives up at once on a status no retry can fix, with what to check', async () => {
    let calls = 0;
    const { outcome, troubles } = firstObservation(async () => {
      calls++;
      throw apiError(403, 'Forbidden');
    });
    const { failed } = await outcome;
    expect(calls).toBe(1);
    expect(troubles).toEqual([]);
    expect(failed).toBeInstanceOf(InfrastructureError);
    expect((failed as InfrastructureError).hint).toBe('Check the kubeconfig credentials and that they allow get/list/watch on this resource.');
    const malformed = await firstObservation(async () => Promise.reject(apiError(400, 'Bad Request'))).outcome;
    expect(malformed.failed).toBeInstanceOf(BadInputError);
  });

  it('a bug in listing (a TypeError) ends the source instead of being retried forever', async () => {
    let calls = 0;
    const { outcome } = firstObservation(async () => {
      calls++;
      throw new TypeError("Cannot read properties of undefined (reading 'items')");
    });
    const { failed } = await outcome;
    expect(calls).toBe(1);
    expect((failed as Error).message).toContain("failed: Cannot read properties of undefined (reading 'items')");
    expect((failed as InfrastructureError).hint).toBeUndefined();
  });

  it('stopped between two tries, it lists no more and reports nothing', async () => {
    let calls = 0;
    const failures: unknown[] = [];
    const source = watchSource<V1Pod>({ kube: {} as Kube, path: '/p', model: 'V1Pod', selectors: {}, list: async () => {
      calls++;
      throw apiError(500, 'Internal Server Error');
    } });
    const stop = (await source.start({ next: () => {}, trouble: () => {}, fail: (e) => failures.push(e) }));
    await new Promise((r) => setTimeout(r, 50));
    stop();
    await new Promise((r) => setTimeout(r, watchRetryDelayMs + 200));
    expect(calls).toBe(1);
    expect(failures).toEqual([]);
  });
});
