import { describe, expect, it } from 'vitest';
import { coresBetween, cpuSampleFrom, parseCgroupMounts, parseFileDump, pidsSampleFrom, podCgroupPath } from './cgroup.js';

// The local cluster's node container: one v1 hierarchy per controller, plus the unified mount systemd keeps.
const v1Mountinfo = [
  '25 24 0:22 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,size=4096k',
  '26 25 0:23 / /sys/fs/cgroup/cpu rw,nosuid shared:9 - cgroup cgroup rw,cpu',
  '27 25 0:24 / /sys/fs/cgroup/cpuacct rw,nosuid shared:10 - cgroup cgroup rw,cpuacct',
  '28 25 0:25 / /sys/fs/cgroup/pids rw,nosuid shared:11 - cgroup cgroup rw,pids',
  '29 25 0:26 / /sys/fs/cgroup/unified rw,nosuid shared:12 - cgroup2 cgroup2 rw',
].join('\n');

describe('parseCgroupMounts', () => {
  it('maps each v1 controller to its own hierarchy', () => {
    const m = parseCgroupMounts(v1Mountinfo);
    expect(m.version).toBe('v1');
    expect(m.controller('cpuacct')).toBe('/sys/fs/cgroup/cpuacct');
    expect(m.controller('pids')).toBe('/sys/fs/cgroup/pids');
    expect(m.controller('memory')).toBeUndefined();
  });

  it('finds a co-mounted cpu,cpuacct hierarchy under both names', () => {
    const m = parseCgroupMounts('26 25 0:23 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct');
    expect(m.controller('cpu')).toBe('/sys/fs/cgroup/cpu,cpuacct');
    expect(m.controller('cpuacct')).toBe('/sys/fs/cgroup/cpu,cpuacct');
  });

  it('uses the unified mount for every controller on a v2-only node', () => {
    const m = parseCgroupMounts('30 24 0:27 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw');
    expect(m.version).toBe('v2');
    expect(m.controller('pids')).toBe('/sys/fs/cgroup');
  });

  it('refuses a node with no cgroup mount', () => {
    expect(() => parseCgroupMounts('25 24 0:22 / /proc rw - proc proc rw')).toThrow(/no cgroup hierarchy/);
  });
});

describe('podCgroupPath', () => {
  const uid = '8e3321d5-59a6-40cc-80c6-e22ea7ededab';
  it('names a Burstable pod under its cgroupfs root as the kubelet does', () => {
    expect(podCgroupPath({ cgroupRoot: '/gauntlet/gauntlet-worker', driver: 'cgroupfs', qos: 'Burstable', uid })).toBe(`/gauntlet/gauntlet-worker/kubepods/burstable/pod${uid}`);
  });
  it('puts a Guaranteed pod straight under kubepods', () => {
    expect(podCgroupPath({ cgroupRoot: '/', driver: 'cgroupfs', qos: 'Guaranteed', uid })).toBe(`/kubepods/pod${uid}`);
  });
  it('names systemd slices with underscores in the UID', () => {
    expect(podCgroupPath({ cgroupRoot: '/', driver: 'systemd', qos: 'BestEffort', uid })).toBe(`/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${uid.replace(/-/g, '_')}.slice`);
  });
});

describe('parseFileDump and the samples', () => {
  it('reads files, marks unreadable ones and takes the node clock', () => {
    const d = parseFileDump('/a/cpuacct.usage\t123\n/a/gone\t<absent>\nnow\t1000\n');
    expect(d.files.get('/a/cpuacct.usage')).toBe('123');
    expect(d.files.get('/a/gone')).toBeUndefined();
    expect(d.nowNs).toBe(1000n);
  });

  it('refuses output without the clock line', () => {
    expect(() => parseFileDump('/a\t1\n')).toThrow(/no clock/);
  });

  it('turns two v1 samples into cores over the node wall time', () => {
    const files = (usage: string): Record<string, string> => ({ 'cpuacct.usage': usage, 'cpu.stat': 'nr_periods 10 nr_throttled 4 throttled_time 9', 'cpu.cfs_quota_us': '50000', 'cpu.cfs_period_us': '100000' });
    const a = cpuSampleFrom('v1', (f) => files('1000000000')[f], 0n);
    const b = cpuSampleFrom('v1', (f) => files('16000000000')[f], 30_000_000_000n);
    expect(a.quotaCores).toBe(0.5);
    expect(a.throttledPeriods).toBe(4);
    expect(coresBetween(a, b)).toBeCloseTo(0.5, 6);
  });

  it('reads an unlimited v1 quota (-1) as no quota, and v2 cpu.max', () => {
    expect(cpuSampleFrom('v1', (f) => ({ 'cpuacct.usage': '1', 'cpu.cfs_quota_us': '-1', 'cpu.cfs_period_us': '100000' })[f], 0n).quotaCores).toBeUndefined();
    const v2 = cpuSampleFrom('v2', (f) => ({ 'cpu.stat': 'usage_usec 2000 user_usec 1 system_usec 1 nr_periods 3 nr_throttled 2', 'cpu.max': '50000 100000' })[f], 0n);
    expect(v2.usageNs).toBe(2_000_000n);
    expect(v2.quotaCores).toBe(0.5);
    expect(v2.throttledPeriods).toBe(2);
  });

  it('refuses samples out of order', () => {
    const s = cpuSampleFrom('v1', (f) => ({ 'cpuacct.usage': '1' })[f], 5n);
    expect(() => coresBetween(s, s)).toThrow(RangeError);
  });

  it('reads the pids files; "max" is no limit', () => {
    expect(pidsSampleFrom((f) => ({ 'pids.max': '1024', 'pids.current': '42', 'pids.peak': '1024', 'pids.events': 'max 17' })[f])).toEqual({ max: 1024, current: 42, peak: 1024, refused: 17 });
    expect(pidsSampleFrom((f) => ({ 'pids.max': 'max' })[f]).max).toBeUndefined();
  });
});
