/**
 * Who already uses an address range: the answer to "cannot create the node network", so the
 * message names the Docker network or host route in the way instead of guessing.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** An IPv4 CIDR as [first address, last address], both as unsigned 32-bit numbers. */
export function cidrRange(cidr: string): [number, number] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(cidr.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const addr = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const first = addr - (addr % size);
  return [first, first + size - 1];
}

export function overlaps(a: string, b: string): boolean {
  const ra = cidrRange(a);
  const rb = cidrRange(b);
  return ra !== undefined && rb !== undefined && ra[0] <= rb[1] && rb[0] <= ra[1];
}

export interface NetworkInfo {
  name: string;
  subnets: string[];
}

/** Pure: the Docker networks and `ip -4 route` lines whose range overlaps `subnet` (the default route is not a user). */
export function subnetUsers(subnet: string, networks: readonly NetworkInfo[], routeLines: readonly string[]): string[] {
  const users: string[] = [];
  for (const n of networks) {
    for (const s of n.subnets) if (overlaps(subnet, s)) users.push(`Docker network ${n.name} (${s})`);
  }
  for (const line of routeLines) {
    const dest = line.trim().split(/\s+/)[0] ?? '';
    if (dest !== 'default' && overlaps(subnet, dest)) users.push(`host route "${line.trim()}"`);
  }
  return users;
}

/** Host routes, best effort: without iproute2 the answer is only the Docker networks. */
export async function hostRoutes(): Promise<string[]> {
  try {
    const { stdout } = await promisify(execFile)('ip', ['-4', 'route', 'show']);
    return stdout.split('\n').filter((l) => l.trim() !== '');
  } catch {
    return [];
  }
}
