import { describe, expect, it } from 'vitest';
import { goDurationMs, parseConfigz, podStorageStats } from './kubelet.js';

describe('goDurationMs', () => {
  it('reads the durations configz prints', () => {
    expect(goDurationMs('1m0s')).toBe(60_000);
    expect(goDurationMs('1m30s')).toBe(90_000);
    expect(goDurationMs('500ms')).toBe(500);
    expect(goDurationMs('2h')).toBe(7_200_000);
  });
  it('refuses what is not one', () => {
    expect(() => goDurationMs('soon')).toThrow(RangeError);
    expect(() => goDurationMs('1m trailing')).toThrow(RangeError);
  });
});

describe('parseConfigz', () => {
  it('reads the PID limit, cgroup root and volume period the local kubelet reports', () => {
    const c = parseConfigz({ kubeletconfig: { podPidsLimit: 1024, cgroupRoot: '/gauntlet/gauntlet-worker', cgroupDriver: 'cgroupfs', volumeStatsAggPeriod: '1m0s', localStorageCapacityIsolation: true } });
    expect(c).toEqual({ podPidsLimit: 1024, cgroupRoot: '/gauntlet/gauntlet-worker', cgroupDriver: 'cgroupfs', volumeStatsAggPeriodMs: 60_000, localStorageCapacityIsolation: true });
  });
  it('takes -1 (the default) as no PID limit, and the kubelet defaults for what is left out', () => {
    const c = parseConfigz({ kubeletconfig: { podPidsLimit: -1 } });
    expect(c.podPidsLimit).toBeUndefined();
    expect(c.cgroupRoot).toBe('/');
    expect(c.volumeStatsAggPeriodMs).toBe(60_000);
  });
  it('refuses a document that is not configz', () => {
    expect(() => parseConfigz({ kind: 'Status' })).toThrow();
  });
});

describe('podStorageStats', () => {
  it('picks the pod, its container rootfs and its volume out of a summary', () => {
    const summary = {
      pods: [
        { podRef: { namespace: 'other', name: 'write-over' } },
        {
          podRef: { namespace: 'ns', name: 'write-over' },
          'ephemeral-storage': { usedBytes: 32768 },
          memory: { workingSetBytes: 154_226_688 },
          containers: [{ name: 'limits', rootfs: { usedBytes: 16384 } }],
          volume: [{ name: 'scratch', usedBytes: 4096, time: '2026-12-01T21:44:50Z' }],
        },
      ],
    };
    expect(podStorageStats(summary, 'ns', 'write-over', 'limits', 'scratch')).toEqual({ ephemeralBytes: 32768, rootfsBytes: 16384, volumeBytes: 4096, volumeMeasuredAt: '2026-12-01T21:44:50Z', memoryWorkingSetBytes: 154_226_688 });
    expect(podStorageStats(summary, 'ns', 'gone', 'limits', 'scratch')).toBeUndefined();
  });
});
