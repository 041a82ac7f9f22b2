import { describe, expect, it } from 'vitest';
import { attribute, rssKiB } from './node-memory.js';

const nodes = [
  { id: 'abc123', name: 'gauntlet-worker' },
  { id: 'def456', name: 'gauntlet-worker2' },
];

describe('node memory attribution', () => {
  it('puts a pod process under its node by the kubelet cgroup root, not a longer node name', () => {
    const pod = '12:memory:/gauntlet/gauntlet-worker2/kubepods/besteffort/pod1/c1\n';
    expect(attribute(pod, nodes)).toEqual({ node: 'gauntlet-worker2', part: 'pods' });
    const daemon = '12:memory:/docker/abc123/system.slice/containerd.service\n';
    expect(attribute(daemon, nodes)).toEqual({ node: 'gauntlet-worker', part: 'daemons' });
    expect(attribute('12:memory:/user.slice\n', nodes)).toBeUndefined();
  });

  it('reads VmRSS, and 0 for a kernel thread', () => {
    expect(rssKiB('Name:\tkubelet\nVmRSS:\t   81234 kB\n')).toBe(81234);
    expect(rssKiB('Name:\tkthreadd\n')).toBe(0);
  });
});
