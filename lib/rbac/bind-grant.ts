/**
 * Binds a grant ClusterRole (lib/rbac/grants.ts) to subjects: a RoleBinding in a namespace or,
 * for a cluster-scoped grant, a ClusterRoleBinding. The undo is registered right after the create.
 */
import type { RbacV1Subject } from '@kubernetes/client-node';
import type { CleanupStack } from '../kube/cleanup.js';
import type { Kube } from '../kube/client.js';
import type { GrantRole } from './grants.js';

const rbacGroup = 'rbac.authorization.k8s.io';

export const serviceAccountSubject = (namespace: string, name: string): RbacV1Subject => ({ kind: 'ServiceAccount', name, namespace });

export interface BindGrantOptions {
  grant: GrantRole;
  /** Name of the binding; a ClusterRoleBinding's must be unique per run (carry the run id). */
  name: string;
  subjects: RbacV1Subject[];
  labels: Record<string, string>;
  /** Required for a namespace-scoped grant. */
  namespace?: string;
}

/** Creates the binding and returns its undo (for a control window outside a cleanup stack). */
export async function createGrantBinding(kube: Kube, o: BindGrantOptions): Promise<{ what: string; undo: () => Promise<unknown> }> {
  const body = { metadata: { name: o.name, labels: o.labels }, roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: o.grant.name }, subjects: o.subjects };
  if (o.grant.scope === 'cluster') {
    await kube.rbac.createClusterRoleBinding({ body });
    return { what: `clusterrolebinding ${o.name}`, undo: () => kube.rbac.deleteClusterRoleBinding({ name: o.name }) };
  }
  const namespace = o.namespace;
  if (namespace === undefined) throw new TypeError(`grant ${o.grant.name} is bound per namespace; no namespace given for ${o.name}`);
  await kube.rbac.createNamespacedRoleBinding({ namespace, body });
  return { what: `rolebinding ${namespace}/${o.name}`, undo: () => kube.rbac.deleteNamespacedRoleBinding({ namespace, name: o.name }) };
}

export async function bindGrant(kube: Kube, cleanup: CleanupStack, o: BindGrantOptions): Promise<void> {
  const { what, undo } = await createGrantBinding(kube, o);
  cleanup.register(`delete ${what}`, undo);
}
