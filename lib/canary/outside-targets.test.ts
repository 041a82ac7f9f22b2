import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { configuredOutsideTargets, onlyPolicyStopsOutside } from './outside-targets.js';

const sha = 'a'.repeat(64);

describe('configuredOutsideTargets', () => {
  it('makes every outside target not configured when no address is set, naming the field', () => {
    const { targets } = configuredOutsideTargets({});
    expect(targets.map((t) => ('notConfigured' in t ? t.notConfigured : t.address))).toEqual([
      expect.stringMatching(/^not configured: set addresses\.canary /),
      expect.stringMatching(/^not configured: set addresses\.canaryDns /),
      expect.stringMatching(/^not configured: set addresses\.metadata /),
    ]);
  });

  it('needs the token hash as well as the address', () => {
    const { targets } = configuredOutsideTargets({ canary: '10.0.0.5:8080' });
    expect(targets[0]).toEqual({ tag: 'internet', notConfigured: expect.stringContaining('addresses.canaryTokenSha256') as unknown });
  });

  it('turns configured addresses into probe targets', () => {
    const { targets, tokenSha256 } = configuredOutsideTargets({ canary: '10.0.0.5:8080', canaryDns: '10.0.0.5:5353', metadata: '10.0.0.6:80', canaryTokenSha256: sha });
    expect(targets).toEqual([
      { tag: 'internet', address: 'http://10.0.0.5:8080/' },
      { tag: 'internet-dns', address: '10.0.0.5:5353' },
      { tag: 'metadata', address: 'http://10.0.0.6:80/' },
    ]);
    expect(tokenSha256).toBe(sha);
  });
});

describe('onlyPolicyStopsOutside', () => {
  it('is true for the internet canary on a real cluster only', () => {
    expect(onlyPolicyStopsOutside('internet', false)).toBe(true);
    expect(onlyPolicyStopsOutside('internet-dns', false)).toBe(true);
    expect(onlyPolicyStopsOutside('internet', true)).toBe(false);
    expect(onlyPolicyStopsOutside('victim', false)).toBe(false);
    expect(onlyPolicyStopsOutside(undefined, false)).toBe(false);
  });
});

describe('addresses of the outside targets in the configuration', () => {
  it('accepts host:port addresses and a sha256, and rejects a token given in clear', () => {
    const c = parseConfig({ addresses: { canary: '10.0.0.5:8080', canaryDns: '10.0.0.5:5353', metadata: '[fd00::6]:80', canaryTokenSha256: sha } });
    expect(configuredOutsideTargets(c.addresses).targets.every((t) => 'address' in t)).toBe(true);
    expect(() => parseConfig({ addresses: { canaryTokenSha256: 'gauntlet-canary-0123' } })).toThrow(/addresses\.canaryTokenSha256/);
    expect(() => parseConfig({ addresses: { canaryDns: 'canary.internal' } })).toThrow(/addresses\.canaryDns/);
  });
});
