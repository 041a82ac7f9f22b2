/**
 * Targets outside the cluster's own objects: the "internet" canary (HTTP and DNS) and the
 * cloud metadata service. On the local cluster the harness starts them itself (a container on
 * its own Docker network, a fake metadata service on the node's loopback). On a real cluster
 * they are configuration (lib/config/schema.ts `addresses`): the harness creates nothing outside
 * the cluster and never points a probe at the real metadata service. An unconfigured target
 * makes its attempts not-applicable, never blocked.
 */
import type { GauntletConfig } from '../config/schema.js';

export type OutsideTag = 'internet' | 'internet-dns' | 'metadata';

export type OutsideTarget = { tag: OutsideTag; address: string } | { tag: OutsideTag; notConfigured: string };

/** Pure: the outside targets of a real cluster from the configured addresses. */
export function configuredOutsideTargets(addresses: Pick<GauntletConfig['addresses'], 'canary' | 'canaryDns' | 'canaryTokenSha256' | 'metadata'>): {
  targets: OutsideTarget[];
  /** sha256 of the token the configured canaries serve, when given. */
  tokenSha256: string | undefined;
} {
  const token = addresses.canaryTokenSha256;
  const need = (tag: OutsideTag, field: 'canary' | 'canaryDns' | 'metadata', url: (a: string) => string, what: string): OutsideTarget => {
    const a = addresses[field];
    if (a === undefined) return { tag, notConfigured: `not configured: set addresses.${field} (${what}) and addresses.canaryTokenSha256` };
    if (token === undefined) return { tag, notConfigured: `not configured: set addresses.canaryTokenSha256 (the sha256 of the token addresses.${field} serves)` };
    return { tag, address: url(a) };
  };
  return {
    targets: [
      need('internet', 'canary', (a) => `http://${a}/`, "a probe serve-canary outside the cluster that only the controls' egress may reach"),
      need('internet-dns', 'canaryDns', (a) => a, "the same serve-canary's DNS port"),
      need('metadata', 'metadata', (a) => `http://${a}/`, 'a stand-in metadata service: a serve-canary pods reach like the real one'),
    ],
    tokenSha256: token,
  };
}

/**
 * On the local cluster the egress guard (DOCKER-USER) stands between every pod and the internet
 * canary, and controls pass only through a permit. A real cluster has no such window: the
 * control reaches the configured canary through the platform's ordinary egress, so only the
 * hardened namespace's deny-egress NetworkPolicy stands in the way. Those attempts are then
 * "NetworkPolicy only" (not-applicable where the CNI is seen not to enforce it).
 */
export function onlyPolicyStopsOutside(tag: string | undefined, embedded: boolean): boolean {
  return !embedded && (tag === 'internet' || tag === 'internet-dns');
}
