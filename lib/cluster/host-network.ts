/**
 * The node network as the host sees it: the bridge Docker made for it and the egress guard
 * on that bridge. Shared by `cluster up` (inserts the guard), `cluster down` (deletes it) and
 * the internet canary (permits above the guard).
 */
import { runLogged } from './run-script.js';

/** The host interface of a Docker bridge network. */
export const bridgeName = (networkId: string): string => `br-${networkId.slice(0, 12)}`;

/**
 * Nothing of the cluster leaves the machine: traffic entering the node bridge may
 * only go back out through it (DOCKER-USER is consulted before Docker's own rules).
 * A node whose Service rules are not yet written would otherwise route a ClusterIP
 * to the host's default route.
 */
export const egressGuard = (bridge: string): string[] => ['DOCKER-USER', '-i', bridge, '!', '-o', bridge, '-m', 'comment', '--comment', 'sandbox-gauntlet: no egress', '-j', 'DROP'];

/** Inserts the guard on the network's bridge unless it is there already. */
export async function guardEgress(networkId: string): Promise<void> {
  const rule = egressGuard(bridgeName(networkId));
  const exists = await runLogged('iptables', ['-C', ...rule], { component: 'egress guard' }).then(() => true, () => false);
  if (!exists) await runLogged('iptables', ['-I', ...rule], { component: 'egress guard' });
}

/** Deletes the guard of the network's bridge; a guard already gone is fine. */
export async function unguardEgress(networkId: string): Promise<void> {
  await runLogged('iptables', ['-D', ...egressGuard(bridgeName(networkId))], { component: 'egress guard' }).catch(() => undefined);
}
