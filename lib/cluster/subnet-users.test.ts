import { describe, expect, it } from 'vitest';
import { cidrRange, overlaps, subnetUsers } from './subnet-users.js';

describe('cidrRange and overlaps', () => {
  it('computes the first and last address of a CIDR, and rejects what is not one', () => {
    expect(cidrRange('10.0.0.0/8')).toEqual([167772160, 184549375]);
    expect(cidrRange('172.30.99.7')).toEqual([2887672583, 2887672583]);
    expect(cidrRange('300.0.0.0/8')).toBeUndefined();
    expect(cidrRange('fd00::/8')).toBeUndefined();
  });

  it('tells overlapping ranges from disjoint ones', () => {
    expect(overlaps('172.30.99.0/24', '172.30.0.0/16')).toBe(true);
    expect(overlaps('172.30.99.0/24', '172.30.99.128/25')).toBe(true);
    expect(overlaps('172.30.99.0/24', '172.30.100.0/24')).toBe(false);
  });
});

describe('subnetUsers', () => {
  it('names the Docker networks and host routes in the way, never the default route', () => {
    const users = subnetUsers(
      '172.30.99.0/24',
      [
        { name: 'bridge', subnets: ['172.17.0.0/16'] },
        { name: 'lab', subnets: ['172.30.0.0/16'] },
      ],
      ['default via 10.0.2.2 dev eth0', '172.30.99.0/24 dev vpn0 scope link', '10.0.2.0/24 dev eth0'],
    );
    expect(users).toEqual(['Docker network lab (172.30.0.0/16)', 'host route "172.30.99.0/24 dev vpn0 scope link"']);
  });
});
