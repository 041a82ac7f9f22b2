/**
 * Does this identity hold a permission? One SelfSubjectAccessReview per permission, as
 * `kubectl auth can-i` asks. Used by doctor (every permission) and by scenarios that need an
 * optional one (they are skipped, with the reason, when it is missing).
 */
import type { Kube } from '../kube/client.js';
import { describeCallError, withDeadline } from '../kube/call.js';
import { describePermission, requiredPermissions, type Permission } from '../doctor/permissions.js';

export interface PermissionAnswer {
  p: Permission;
  allowed: boolean;
  /** The review itself failed (no answer). */
  error?: string;
}

export async function canI(kube: Kube, p: Permission, deadlineMs: number): Promise<PermissionAnswer> {
  const resourceAttributes = {
    group: p.group,
    resource: p.resource,
    verb: p.verb,
    ...(p.subresource && { subresource: p.subresource }),
    ...(p.namespace && { namespace: p.namespace }),
    ...(p.resourceName && { name: p.resourceName }),
  };
  try {
    const r = await withDeadline(kube.authorization.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes } } }), deadlineMs, 'SelfSubjectAccessReview');
    return { p, allowed: r.status?.allowed === true };
  } catch (err) {
    return { p, allowed: false, error: describeCallError(err) };
  }
}

/** The permissions a scenario needs (by the name the permission list gives it) that this identity lacks. */
export async function missingFor(kube: Kube, scenario: string, deadlineMs: number): Promise<PermissionAnswer[]> {
  const needed = requiredPermissions.filter((p) => p.scenarios?.includes(scenario));
  const answers = await Promise.all(needed.map((p) => canI(kube, p, deadlineMs)));
  return answers.filter((a) => !a.allowed);
}

/** Pure: why a scenario was skipped, in doctor's words. */
export function skipReason(scenario: string, missing: readonly PermissionAnswer[]): string {
  const what = missing.map((a) => `${describePermission(a.p)}${a.p.role === 'disruptive' ? ' (the disruptive ClusterRole of deploy/rbac.yaml)' : ''}${a.error ? ` [review failed: ${a.error}]` : ''}`);
  return `${scenario}: skipped, this identity lacks ${what.join(', ')}`;
}
