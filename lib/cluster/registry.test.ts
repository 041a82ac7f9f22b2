import { describe, expect, it } from 'vitest';
import { hostsToml, parseCtrImages, repoPath } from './registry.js';
import { clusterSettings } from './settings.js';

describe('hostsToml', () => {
  it('points registry.gauntlet.local at the registry container over plain HTTP, for pulls only', () => {
    const toml = hostsToml({ ...clusterSettings(), subnet: '172.30.99.0/24' });
    expect(toml).toContain('server = "http://172.30.99.5:5000"');
    expect(toml).toContain('[host."http://172.30.99.5:5000"]');
    expect(toml).toContain('capabilities = ["pull", "resolve"]');
  });
});

describe('repoPath', () => {
  it('drops the registry host of a reference', () => {
    expect(repoPath('gauntlet.local/probe:latest')).toBe('probe:latest');
    expect(repoPath('gauntlet.local/gvisor-installer:abc123')).toBe('gvisor-installer:abc123');
  });
});

describe('parseCtrImages', () => {
  it('maps each reference to its digest from `ctr images ls`', () => {
    const out = [
      'REF                                      TYPE                                                 DIGEST                                                                  SIZE    PLATFORMS   LABELS',
      'registry.gauntlet.local/probe:latest     application/vnd.docker.distribution.manifest.v2+json sha256:aaaa 3.1 MiB linux/amd64 io.cri-containerd.image=managed',
      'sha256:bbbb                              application/vnd.docker.distribution.manifest.v2+json sha256:aaaa 3.1 MiB linux/amd64 io.cri-containerd.image=managed',
    ].join('\n');
    const m = parseCtrImages(out);
    expect(m.get('registry.gauntlet.local/probe:latest')).toBe('sha256:aaaa');
    expect(m.size).toBe(2);
  });
});
