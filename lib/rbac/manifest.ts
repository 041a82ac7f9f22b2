/**
 * deploy/rbac.yaml, rendered from the permission list (lib/doctor/permissions.ts) and the grant
 * ClusterRoles (lib/rbac/grants.ts). Pure; `npm run gen:rbac` writes it and a unit test fails
 * when the file in the repository differs from what this renders.
 */
import type { V1PolicyRule } from '@kubernetes/client-node';
import { requiredPermissions, roleOf, type Permission, type PermissionRole } from '../doctor/permissions.js';
import { grantRoles } from './grants.js';

export const harnessNamespace = 'sandbox-gauntlet';
export const harnessServiceAccount = 'sandbox-gauntlet';
export const roleNames: Record<PermissionRole, string> = { main: 'sandbox-gauntlet', disruptive: 'sandbox-gauntlet-disruptive' };

const header = `# RBAC for running sandbox-gauntlet against your own cluster. GENERATED from
# lib/doctor/permissions.ts and lib/rbac/grants.ts by \`npm run gen:rbac\`; edit those, not this.
#
#   kubectl apply -f deploy/rbac.yaml
#   kubectl -n sandbox-gauntlet create token sandbox-gauntlet --duration=4h   # a token for the kubeconfig
#
# \`gauntlet doctor\` asks the API about exactly these permissions. Cluster-wide, because every
# test creates a namespace with a fresh name (gauntlet-<suite>-<random>) and deletes it
# afterwards; every object the harness creates carries the label
# app.kubernetes.io/managed-by=sandbox-gauntlet and its run id, and the sweeper removes only those.
#
# The harness never creates Roles or ClusterRoles. What its escape controls and tenants are
# given is in the sandbox-gauntlet-grant-* ClusterRoles at the end, which it may only bind
# (\`bind\` by name): it need not hold their rules itself.
#
# To run as yourself instead of the ServiceAccount, bind the ClusterRoles to your user or group
# (edit the subjects of the ClusterRoleBindings).
`;

const flow = (xs: readonly string[]): string => `[${xs.map((x) => (x === '' ? '""' : x)).join(', ')}]`;

interface RuleDraft {
  group: string;
  resource: string;
  resourceName: string | undefined;
  verbs: string[];
  whys: string[];
}

/** Pure: the permissions of one role as RBAC rules, one per resource (and object), in list order. */
export function rulesOf(permissions: readonly Permission[]): RuleDraft[] {
  const drafts = new Map<string, RuleDraft>();
  for (const p of permissions) {
    const resource = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
    const key = `${p.group}|${resource}|${p.resourceName ?? ''}`;
    const d = drafts.get(key) ?? { group: p.group, resource, resourceName: p.resourceName, verbs: [], whys: [] };
    if (!d.verbs.includes(p.verb)) d.verbs.push(p.verb);
    if (!d.whys.includes(p.why)) d.whys.push(p.why);
    drafts.set(key, d);
  }
  return [...drafts.values()];
}

const renderRule = (r: { group: string; resources: string[]; verbs: string[]; resourceNames?: string[] | undefined; comment?: string }): string =>
  [
    ...(r.comment ? [`  # ${r.comment}`] : []),
    `  - apiGroups: ${flow([r.group])}`,
    `    resources: ${flow(r.resources)}`,
    ...(r.resourceNames ? [`    resourceNames: ${flow(r.resourceNames)}`] : []),
    `    verbs: ${flow(r.verbs)}`,
  ].join('\n');

const labels = `  labels:\n    app.kubernetes.io/name: sandbox-gauntlet`;

function clusterRole(name: string, comment: string, rules: string[]): string {
  return [`# ${comment}`, 'apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata:', `  name: ${name}`, labels, 'rules:', ...rules].join('\n');
}

function binding(role: string): string {
  return [
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRoleBinding',
    'metadata:',
    `  name: ${role}`,
    labels,
    'roleRef:',
    '  apiGroup: rbac.authorization.k8s.io',
    '  kind: ClusterRole',
    `  name: ${role}`,
    'subjects:',
    '  - kind: ServiceAccount',
    `    name: ${harnessServiceAccount}`,
    `    namespace: ${harnessNamespace}`,
  ].join('\n');
}

const roleComments: Record<PermissionRole, string> = {
  main: 'What every suite needs. Optional rules (the installer DaemonSet, Chaos Mesh) only warn in doctor when missing.',
  disruptive:
    'Optional and disruptive: only for a dedicated test cluster. Doctor names the scenarios that need it;\n# without it they are skipped with that reason. Delete this role and its binding to leave it out.',
};

const grantRule = (r: V1PolicyRule): string => renderRule({ group: r.apiGroups?.[0] ?? '', resources: r.resources ?? [], verbs: r.verbs, resourceNames: r.resourceNames });

/** Pure: the whole of deploy/rbac.yaml. */
export function renderRbacManifest(permissions: readonly Permission[] = requiredPermissions): string {
  const docs: string[] = [
    `${header}apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${harnessNamespace}\n${labels}`,
    `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${harnessServiceAccount}\n  namespace: ${harnessNamespace}\n${labels}`,
  ];
  for (const role of ['main', 'disruptive'] as const) {
    const rules = rulesOf(permissions.filter((p) => roleOf(p) === role)).map((d) =>
      renderRule({ group: d.group, resources: [d.resource], verbs: d.verbs, resourceNames: d.resourceName ? [d.resourceName] : undefined, comment: d.whys.join(' ') }),
    );
    docs.push(clusterRole(roleNames[role], roleComments[role], rules), binding(roleNames[role]));
  }
  for (const g of grantRoles) {
    docs.push(clusterRole(g.name, `${g.why} The harness binds it (${g.scope === 'namespace' ? 'per namespace' : 'cluster-wide'}), never holds it.`, g.rules.map(grantRule)));
  }
  return `${docs.join('\n---\n')}\n`;
}
