/**
 * The runc fallback guarded at admission: deploy/tenant-runtime-policy.yaml, a
 * ValidatingAdmissionPolicy (and its binding) that refuses pods in tenant namespaces unless
 * they ask for the gVisor RuntimeClass. Read from the one file users adapt, so the suite and
 * the unit test prove the shipped sample itself. Installed on the embedded cluster by
 * `cluster up`; nothing else in the harness depends on it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../cluster/settings.js';
import { kubectl } from '../cluster/kubectl.js';

export const tenantRuntimePolicyPath = join(repoRoot, 'deploy', 'tenant-runtime-policy.yaml');
/** Namespaces carrying this label are tenant namespaces: the policy's binding selects them. */
export const tenantNamespaceLabel = 'sandbox-gauntlet.dev/tenant';

export interface PolicyValidation {
  expression: string;
  messageExpression?: string;
  reason?: string;
}

/** The policy's validations, as shipped. */
export function tenantRuntimeValidations(path: string = tenantRuntimePolicyPath): PolicyValidation[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() as { kind?: string; spec?: { validations?: PolicyValidation[] } });
  const policy = docs.find((d) => d.kind === 'ValidatingAdmissionPolicy');
  return policy?.spec?.validations ?? [];
}

/** GAUNTLET_TENANT_RUNTIME_POLICY=off leaves the policy out of the embedded cluster (the harness must then report the runc fallback as escaped). */
export const tenantRuntimePolicyWanted = (env: NodeJS.ProcessEnv = process.env): boolean => env.GAUNTLET_TENANT_RUNTIME_POLICY?.trim() !== 'off';

/** Applies (or, when not wanted, removes) the policy on the embedded cluster; idempotent. */
export async function applyTenantRuntimePolicy(progress: (m: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (tenantRuntimePolicyWanted(env)) {
    progress('apply the tenant runtime admission policy (deploy/tenant-runtime-policy.yaml)');
    await kubectl(['apply', '-f', tenantRuntimePolicyPath], { component: 'tenant runtime policy' });
  } else {
    progress('GAUNTLET_TENANT_RUNTIME_POLICY=off: no tenant runtime admission policy');
    await kubectl(['delete', '--ignore-not-found', '-f', tenantRuntimePolicyPath], { component: 'tenant runtime policy' });
  }
}
