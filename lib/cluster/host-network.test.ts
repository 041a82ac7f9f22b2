import { describe, expect, it } from 'vitest';
import { bridgeName, egressGuard } from './host-network.js';

describe('host network', () => {
  it("names a network's bridge as Docker does: br- and the id's first 12 characters", () => {
    expect(bridgeName('3f2a9c1b7d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd')).toBe('br-3f2a9c1b7d4e');
  });

  it('drops what enters the bridge and would leave through another interface', () => {
    expect(egressGuard('br-3f2a9c1b7d4e')).toEqual(['DOCKER-USER', '-i', 'br-3f2a9c1b7d4e', '!', '-o', 'br-3f2a9c1b7d4e', '-m', 'comment', '--comment', 'sandbox-gauntlet: no egress', '-j', 'DROP']);
  });
});
