/**
 * NetworkPolicy enforcement on the local cluster: kube-router's network policy controller,
 * run as upstream ships it (a DaemonSet), its image pulled from the cluster's registry.
 * GAUNTLET_NETWORK_POLICY=off brings the cluster up without it, so a run can show what the
 * harness says where policies are silently not enforced.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError } from '../errors.js';
import { kubectl } from './kubectl.js';
import { clusterFixtures, readVersions } from './settings.js';

export type NetworkPolicyMode = 'on' | 'off';

/** Seconds kube-router may take to roll out on every node (an image pull and its first sync). */
export const networkPolicyRolloutS = 180;

/** The cluster setting; anything but on/off is refused before anything is built. */
export function networkPolicyMode(env: NodeJS.ProcessEnv = process.env): NetworkPolicyMode {
  const v = (env.GAUNTLET_NETWORK_POLICY ?? 'on').trim().toLowerCase();
  if (v === 'on' || v === 'off') return v;
  throw new BadInputError(
    `GAUNTLET_NETWORK_POLICY=${env.GAUNTLET_NETWORK_POLICY ?? ''} is neither "on" nor "off"`,
    'leave it unset (NetworkPolicy enforced by kube-router) or set it to off to bring the cluster up without enforcement',
  );
}

/** The engine's image as built by images.sh, by its local tag (pushed to the registry under the same path). */
export const networkPolicyImageSource = (): string => `gauntlet.local/kube-router:${readVersions().KUBE_ROUTER_BUILD ?? ''}`;

export function renderNetworkPolicyEngine(image: string, serviceCidr: string): string {
  return readFileSync(join(clusterFixtures, 'manifests', 'network-policy.yaml'), 'utf8').replaceAll('${IMAGE}', image).replaceAll('${SERVICE_CIDR}', serviceCidr);
}

/** Applies kube-router's DaemonSet and waits until it runs on every node. */
export async function installNetworkPolicyEngine(image: string, serviceCidr: string, progress: (m: string) => void): Promise<void> {
  progress(`apply the NetworkPolicy engine (kube-router ${readVersions().KUBE_ROUTER_VERSION ?? ''}, firewall only)`);
  await kubectl(['apply', '-f', '-'], { input: renderNetworkPolicyEngine(image, serviceCidr), component: 'network policy engine' });
  progress('waiting for kube-router on every node');
  await kubectl(['-n', 'kube-system', 'rollout', 'status', 'daemonset/kube-router', `--timeout=${networkPolicyRolloutS}s`], { component: 'network policy engine' });
}

/** Is the engine installed on the running cluster? (`cluster status`, a reused cluster) */
export async function networkPolicyEngineInstalled(): Promise<boolean> {
  return kubectl(['-n', 'kube-system', 'get', 'daemonset', 'kube-router', '-o', 'name'], { component: 'network policy engine' }).then(
    (out) => out.trim() !== '',
    () => false,
  );
}
