import { describe, expect, it } from 'vitest';
import { defaultGvisorPolicy } from '../config/schema.js';
import { describeFinding, effective, flagFindings, parseRunscGlobalFlags } from './runsc-flags.js';

// A runsc-sandbox command line as read from a local-cluster node (ids shortened).
const seen = [
  'runsc-sandbox', '--log-format=json', '--panic-log=/var/log/pods/x/gvisor_panic.log', '--root=/run/containerd/runsc/k8s.io',
  '--log=/run/containerd/io.containerd.runtime.v2.task/k8s.io/ee81/log.json', '--log-fd=3', '--panic-log-fd=4',
  'boot', '--apply-caps=false', '--bundle=/run/x', '--controller-fd=10', '--network=host', 'ee81',
];
const policy = defaultGvisorPolicy();

describe('parseRunscGlobalFlags', () => {
  it('reads global flags up to the subcommand, not the subcommand\'s own', () => {
    const flags = parseRunscGlobalFlags(seen);
    expect(flags.get('root')).toBe('/run/containerd/runsc/k8s.io');
    expect(flags.has('apply-caps')).toBe(false);
    expect(flags.has('network')).toBe(false);
    expect(parseRunscGlobalFlags(['runsc-sandbox', '--debug', 'boot']).get('debug')).toBe('true');
  });

  it('gives an absent flag runsc\'s default', () => {
    expect(effective(parseRunscGlobalFlags(seen), 'network')).toBe('sandbox');
    expect(effective(parseRunscGlobalFlags(seen), 'platform')).toBe('systrap');
  });
});

describe('flagFindings', () => {
  it('finds nothing in a sandbox run with runsc\'s defaults', () => {
    expect(flagFindings('w1', parseRunscGlobalFlags(seen), policy)).toEqual([]);
  });

  it('names each departure from the declared policy with its value', () => {
    const argv = ['runsc-sandbox', '--network=host', '--host-uds=all', '--net-raw=true', '--platform=ptrace', '--debug=true', '--debug-log=/tmp/', '--strace', '--profile=true', '--TESTONLY-unsafe-nonroot=true', '--TESTONLY-x=false', 'boot'];
    const found = flagFindings('w2', parseRunscGlobalFlags(argv), policy).map(describeFinding);
    expect(found).toEqual([
      'w2: --network=host (declared sandbox)',
      'w2: --host-uds=all (declared none)',
      'w2: --net-raw=true (declared false)',
      'w2: --platform=ptrace (declared one of systrap, kvm)',
      'w2: --debug=true (declared false)',
      'w2: --strace=true (declared false)',
      'w2: --profile=true (declared false)',
      'w2: --debug-log=/tmp/ (declared unset)',
      'w2: --TESTONLY-unsafe-nonroot=true (declared unset (a test-only flag))',
    ]);
  });

  it('marks a departure the configuration accepts, for that node and value only', () => {
    const withException = { ...policy, exceptions: [{ flag: 'net-raw', value: 'true', node: 'w2', reason: 'ping in the probe image' }] };
    const flags = parseRunscGlobalFlags(['runsc-sandbox', '--net-raw=true', 'boot']);
    expect(flagFindings('w2', flags, withException)[0]?.acceptedBecause).toBe('ping in the probe image');
    expect(flagFindings('w1', flags, withException)[0]?.acceptedBecause).toBeUndefined();
  });
});
