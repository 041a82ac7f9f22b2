import type { CoreV1Event } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { eventTime, isFatalListStatus, pickLatestEvent } from './watch-source.js';

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
    const micro = event('FailedCreatePodSandBox', { eventTime: new Date('2025-01-01T00:03:00Z') as CoreV1Event['eventTime'] });
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
