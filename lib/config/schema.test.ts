import { describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import { parseConfig } from './load-config.js';
import { defaultConfig } from './schema.js';

/** The message of the BadInputError `fn` throws. */
function badInput(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BadInputError);
    return (err as BadInputError).message;
  }
  throw new Error('expected a BadInputError');
}

describe('defaults', () => {
  it('carry the seed thresholds', () => {
    expect(defaultConfig.performance).toEqual({
      pairs: 32,
      minSuccesses: 28,
      stressPairs: 16,
      concurrency: [1, 4, 8],
      maxStartOverheadRatio: 1.2,
      maxAddedStartMs: 300,
      startRules: ['runtime-added-ms'],
      workloads: { maxRatio: 1.2, minSuccesses: 8 },
      bootstrap: { resamples: 2000, seed: 1, level: 0.95 },
    });
    expect(defaultConfig.workloads).toEqual({ image: 'registry.gauntlet.local/workloads:latest', builtins: true, list: [], pairs: 10, exceptions: [], limitExceptions: [], overhead: { pods: 4, idleSeconds: 60, memoryHeadroom: 0.25, memoryStepMi: 8, minCpuMillicores: 10 } });
    expect(defaultConfig.security).toEqual({
      allowEscapes: 0,
      gvisor: { network: 'sandbox', hostUds: 'none', netRaw: false, platforms: ['systrap', 'kvm'], debug: false, strace: false, profile: false, exceptions: [] },
    });
    expect(defaultConfig.resilience).toEqual({ maxContainerdRecoveryMs: 60_000, maxNodeNotReadyDetectMs: 60_000, maxLostResults: 0 });
    expect(defaultConfig.load.limits).toEqual({ maxCpu: 0.9, maxPendingPerNode: 5, maxMemory: 0.95 });
    expect(defaultConfig.load.timeout).toEqual({ floorMs: 2000, headroom: 2, cpuWeight: 1, pendingWeight: 0.1, concurrencyWeight: 0.25 });
    expect(defaultConfig.trend).toEqual({ maxRecoveryGrowth: 0.2 });
    expect(defaultConfig.target).toEqual({ runtimeClass: 'gvisor' });
    expect(defaultConfig.addresses).toEqual({ targets: [] });
  });

  it('are frozen so nobody loosens the gate by mutation', () => {
    expect(Object.isFrozen(defaultConfig.performance.concurrency)).toBe(true);
  });
});

describe('parseConfig: valid and partial input', () => {
  it('empty and null documents give the defaults', () => {
    expect(parseConfig({})).toEqual(defaultConfig);
    expect(parseConfig(null)).toEqual(defaultConfig);
  });

  it('fills every field not given and keeps the ones given', () => {
    const c = parseConfig({
      performance: { pairs: 16, minSuccesses: 14, bootstrap: { seed: 7 } },
      target: { context: 'staging' },
      addresses: { canary: '10.0.0.5:8080', targets: ['169.254.169.254:80', '[fd00::1]:10250'] },
    });
    expect(c.performance).toMatchObject({ pairs: 16, minSuccesses: 14, concurrency: [1, 4, 8], maxStartOverheadRatio: 1.2 });
    expect(c.performance.bootstrap).toEqual({ resamples: 2000, seed: 7, level: 0.95 });
    expect(c.target).toEqual({ context: 'staging', runtimeClass: 'gvisor' });
    expect(c.addresses.targets).toHaveLength(2);
    expect(c.resilience).toEqual(defaultConfig.resilience);
  });

  it('does not share mutable default arrays between parses', () => {
    const a = parseConfig({});
    a.performance.concurrency.push(16);
    expect(parseConfig({}).performance.concurrency).toEqual([1, 4, 8]);
  });
});

describe('parseConfig: each kind of bad input names the field, the expectation and a fix', () => {
  it('wrong type', () => {
    const m = badInput(() => parseConfig({ performance: { maxStartOverheadRatio: '1.2' } }, 'gauntlet.config.yaml'));
    expect(m).toContain('gauntlet.config.yaml: 1 invalid field(s)');
    expect(m).toContain('performance.maxStartOverheadRatio: expected a number, got "1.2". Fix: set a valid value or remove it to use the default 1.2.');
  });

  it('stressPairs above pairs names both', () => {
    expect(badInput(() => parseConfig({ performance: { pairs: 8, minSuccesses: 6, stressPairs: 12 } }))).toContain('performance.stressPairs: expected at most performance.pairs (8)');
  });

  it('non-integer where an integer is needed', () => {
    expect(badInput(() => parseConfig({ performance: { pairs: 1.5 } }))).toContain('performance.pairs: expected an integer, got 1.5');
  });

  it('below a minimum and above a maximum', () => {
    const m = badInput(() => parseConfig({ performance: { maxStartOverheadRatio: 0.9 }, load: { limits: { maxCpu: 2 } } }));
    expect(m).toContain('2 invalid field(s)');
    expect(m).toContain('performance.maxStartOverheadRatio: expected a number ≥ 1, got 0.9');
    expect(m).toContain('load.limits.maxCpu: expected a number ≤ 1, got 2');
  });

  it('a bad array element names its index; an empty list names the minimum', () => {
    expect(badInput(() => parseConfig({ performance: { concurrency: [1, 0] } }))).toContain('performance.concurrency[1]: expected an integer ≥ 1, got 0');
    expect(badInput(() => parseConfig({ performance: { concurrency: [] } }))).toContain('performance.concurrency: expected at least 1 item(s)');
  });

  it('a value outside an enumeration lists the allowed ones', () => {
    expect(badInput(() => parseConfig({ probe: { imagePullPolicy: 'Sometimes' } }))).toContain(
      'probe.imagePullPolicy: expected one of "Always", "IfNotPresent", "Never", got "Sometimes"',
    );
  });

  it('a malformed address', () => {
    expect(badInput(() => parseConfig({ addresses: { canary: 'canary.internal' } }))).toContain(
      'addresses.canary: expected host:port, e.g. 10.0.0.5:8080 or [fd00::1]:80, got "canary.internal". Fix: set a valid value or remove it (it is optional).',
    );
  });

  it('an unknown (misspelt) field lists the accepted ones', () => {
    const m = badInput(() => parseConfig({ performance: { maxStartOverheadRatoi: 1.5 }, extra: true }));
    expect(m).toContain('performance.maxStartOverheadRatoi: unknown field(s)');
    expect(m).toContain('performance accepts pairs, minSuccesses, stressPairs, concurrency, maxStartOverheadRatio, maxAddedStartMs, startRules, workloads, bootstrap');
    expect(m).toContain('extra: unknown field(s)');
  });

  it('a cross-field rule: minSuccesses cannot exceed pairs', () => {
    expect(badInput(() => parseConfig({ performance: { pairs: 10, minSuccesses: 28 } }))).toContain(
      'performance.minSuccesses: expected at most performance.pairs (10), got 28',
    );
  });

  it('duplicate concurrency levels', () => {
    expect(badInput(() => parseConfig({ performance: { concurrency: [4, 4] } }))).toContain('performance.concurrency: expected distinct concurrency levels');
  });

  it('a section that is not a mapping, and a top level that is a list', () => {
    expect(badInput(() => parseConfig({ target: 'prod' }))).toContain('target: expected an object, got "prod"');
    expect(badInput(() => parseConfig([1, 2]))).toContain('expected a mapping of sections');
  });
});

describe('probe.resources', () => {
  it('defaults to a tenant pod\'s resources and refuses what Kubernetes would', () => {
    expect(defaultConfig.probe.resources).toEqual({ requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '256Mi' } });
    expect(parseConfig({ probe: { resources: { requests: { cpu: '10m' }, limits: { cpu: '1' } } } }).probe.resources).toEqual({ requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '1', memory: '256Mi' } });
    expect(badInput(() => parseConfig({ probe: { resources: { requests: { cpu: 'lots' } } } }))).toContain('probe.resources.requests.cpu: expected a Kubernetes quantity, e.g. 250m or 128Mi');
    expect(badInput(() => parseConfig({ performance: { startRules: ['total-ratio', 'total-ratio'] } }))).toContain('performance.startRules: expected distinct rules');
  });
});
