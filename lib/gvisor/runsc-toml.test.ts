import { describe, expect, it } from 'vitest';
import { parseRunscToml, runscConfigPath } from './runsc-toml.js';

describe('the runsc config file containerd names', () => {
  it('finds ConfigPath in the runsc runtime\'s options, and nowhere else', () => {
    const toml = [
      '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]',
      '  ConfigPath = "/not/this"',
      '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc]',
      '  runtime_type = "io.containerd.runsc.v1"',
      '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc.options]',
      '  TypeUrl = "io.containerd.runsc.v1.options"',
      '  ConfigPath = "/etc/containerd/runsc.toml"',
    ].join('\n');
    expect(runscConfigPath(toml)).toBe('/etc/containerd/runsc.toml');
    expect(runscConfigPath(toml.split('\n').slice(0, 4).join('\n'))).toBeUndefined();
  });

  it('reads the [runsc_config] table as flags, other tables and comments aside', () => {
    const flags = parseRunscToml(['[runsc_config]', '  net-raw = "true"  # for a demo', "  platform = 'kvm'", '  debug = true', '[other]', '  host-uds = "all"'].join('\n'));
    expect(Object.fromEntries(flags)).toEqual({ 'net-raw': 'true', platform: 'kvm', debug: 'true' });
  });
});
