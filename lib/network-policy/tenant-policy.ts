/**
 * The seeds' tenant egress policy (deploy/tenant-network-policy.yaml), read from the one file
 * users adapt, so the suite proves the sample itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { repoRoot } from '../cluster/settings.js';

export const tenantPolicyPath = join(repoRoot, 'deploy', 'tenant-network-policy.yaml');
/** The namespace label the sample's platform-service rules select on. */
export const platformServicesLabel = 'tenant-egress.sandbox-gauntlet.dev/platform-services';
/** The sample's named platform services: pod label app.kubernetes.io/name and TCP port. */
export const platformServices = { 'fluent-bit': 24224, 'results-storage': 8082 } as const;

export function tenantPolicy(path: string = tenantPolicyPath): V1NetworkPolicy {
  return parse(readFileSync(path, 'utf8')) as V1NetworkPolicy;
}
