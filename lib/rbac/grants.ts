/**
 * What the escape controls are given, as ClusterRoles of deploy/rbac.yaml that the harness
 * only binds. A control must be able to do what the hardened tenant must not (read the
 * canary Secret, reach the kubelet, exec into the victim) so that a refusal means something.
 *
 * The harness does not create Roles with these rules: RBAC would then demand it hold every
 * one of them itself, cluster-wide (secrets get, nodes/proxy create …), because each test's
 * namespace is new. Instead it holds `bind` on exactly these ClusterRoles (by name) and
 * creates RoleBindings (in the canary namespace) or ClusterRoleBindings (for node access) to
 * them, labelled with the run id; the sweeper removes what a killed run left.
 */
import type { V1PolicyRule } from '@kubernetes/client-node';

/** The Secret holding the run's canary token in the canary namespace. */
export const canarySecretName = 'gauntlet-canary';
/** The ConfigMap holding the token (control-plane category). */
export const canaryConfigMapName = 'gauntlet-canary';
/** The victim pod's ServiceAccount; the control may mint its token. */
export const victimServiceAccount = 'victim';

export interface GrantRole {
  name: string;
  /** Why a control needs it (a comment in deploy/rbac.yaml). */
  why: string;
  /** namespace: bound by RoleBindings in the canary or tenant namespace; cluster: by ClusterRoleBindings. */
  scope: 'namespace' | 'cluster';
  rules: V1PolicyRule[];
}

const core = (resources: string[], verbs: string[], resourceNames?: string[]): V1PolicyRule => ({ apiGroups: [''], resources, verbs, ...(resourceNames && { resourceNames }) });

export const grants = {
  canaryReader: {
    name: 'sandbox-gauntlet-grant-canary-reader',
    why: 'The escape control and the victim may read the canary Secret (net.api-secret-*); bound in the canary namespace only.',
    scope: 'namespace',
    rules: [core(['secrets'], ['get'], [canarySecretName])],
  },
  kubeletReader: {
    name: 'sandbox-gauntlet-grant-kubelet-reader',
    why: "The escape control may use the kubelet's API through the API server (nodes/proxy get).",
    scope: 'cluster',
    rules: [core(['nodes/proxy'], ['get'])],
  },
  controlTenant: {
    name: 'sandbox-gauntlet-grant-control-tenant',
    why: 'The control-plane control tenant may exec into the victim, read the canary Secret and ConfigMap and mint the victim\'s token; bound in the canary namespace only.',
    scope: 'namespace',
    rules: [
      core(['pods'], ['get']),
      core(['pods/exec'], ['create', 'get']),
      core(['secrets'], ['get'], [canarySecretName]),
      core(['configmaps'], ['get'], [canaryConfigMapName]),
      core(['serviceaccounts/token'], ['create'], [victimServiceAccount]),
    ],
  },
  controlNodes: {
    name: 'sandbox-gauntlet-grant-control-nodes',
    why: "The control-plane control tenant may list nodes and use the kubelet's API (exec, logs) through the API server and on port 10250.",
    scope: 'cluster',
    rules: [core(['nodes'], ['get', 'list']), core(['nodes/proxy', 'nodes/log'], ['get', 'create'])],
  },
  tenantPods: {
    name: 'sandbox-gauntlet-grant-tenant-pods',
    why: 'A tenant may create pods in its own namespace, as a platform\'s tenants do (the admission rows try privileged and runc pods); bound in the tenant namespace only.',
    scope: 'namespace',
    rules: [core(['pods'], ['create', 'get', 'list'])],
  },
} as const satisfies Record<string, GrantRole>;

export const grantRoles: readonly GrantRole[] = Object.values(grants);
