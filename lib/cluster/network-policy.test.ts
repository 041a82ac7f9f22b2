import { describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import { networkPolicyMode, renderNetworkPolicyEngine } from './network-policy.js';

describe('networkPolicyMode', () => {
  it('is on unless GAUNTLET_NETWORK_POLICY says off', () => {
    expect(networkPolicyMode({})).toBe('on');
    expect(networkPolicyMode({ GAUNTLET_NETWORK_POLICY: 'OFF' })).toBe('off');
    expect(networkPolicyMode({ GAUNTLET_NETWORK_POLICY: 'on' })).toBe('on');
  });

  it('refuses anything else with what to set instead', () => {
    expect(() => networkPolicyMode({ GAUNTLET_NETWORK_POLICY: 'disabled' })).toThrow(BadInputError);
    expect(() => networkPolicyMode({ GAUNTLET_NETWORK_POLICY: 'disabled' })).toThrow(/neither "on" nor "off"/);
  });
});

describe('renderNetworkPolicyEngine', () => {
  it('runs kube-router as the firewall only, with the image and Service range filled in', () => {
    const y = renderNetworkPolicyEngine('registry.gauntlet.local/kube-router:v2.1.0', '10.96.0.0/16');
    expect(y).toContain('image: registry.gauntlet.local/kube-router:v2.1.0');
    expect(y).toContain('--service-cluster-ip-range=10.96.0.0/16');
    for (const flag of ['--run-router=false', '--run-firewall=true', '--run-service-proxy=false']) expect(y).toContain(flag);
    expect(y).not.toContain('${');
  });
});
