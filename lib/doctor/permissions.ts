/**
 * What the suites do to a cluster, as RBAC permissions. `gauntlet doctor` asks the API about
 * each (SelfSubjectAccessReview) and deploy/rbac.yaml grants exactly these; a unit test keeps
 * the two in step. Cluster-wide, because every test creates a namespace with a fresh name.
 */
export interface Permission {
  group: string;
  resource: string;
  subresource?: string;
  verb: string;
  /** What needs it, shown when it is missing. */
  why: string;
  /** Only some scenarios need it (chaos on the embedded cluster, Chaos Mesh); missing ones warn. */
  optional?: boolean;
  /** Namespace to ask about; unset = all namespaces. */
  namespace?: string;
}

const core = (resource: string, verbs: string[], why: string, extra: Partial<Permission> = {}): Permission[] =>
  verbs.map((verb) => ({ group: '', resource, verb, why, ...extra }));

export const requiredPermissions: readonly Permission[] = [
  ...core('namespaces', ['create', 'delete', 'get', 'list', 'watch'], 'one namespace per test'),
  ...core('pods', ['create', 'delete', 'get', 'list', 'watch'], 'probe pods under runc and runsc'),
  { group: '', resource: 'pods', subresource: 'log', verb: 'get', why: 'probe results and failure evidence' },
  ...core('events', ['list', 'watch'], 'wait diagnostics and failure evidence'),
  ...core('serviceaccounts', ['get', 'list', 'watch'], 'namespaces are ready when their default ServiceAccount exists'),
  ...core('nodes', ['get', 'list', 'watch'], 'node readiness, per-node gVisor status, placing probes'),
  ...core('secrets', ['create', 'delete'], 'canary tokens the probes must read back'),
  { group: 'networking.k8s.io', resource: 'networkpolicies', verb: 'create', why: 'the tenant egress policy and the hardened profile\'s deny-egress policy' },
  { group: 'networking.k8s.io', resource: 'networkpolicies', verb: 'delete', why: 'the tenant egress policy and the hardened profile\'s deny-egress policy' },
  { group: '', resource: 'nodes', verb: 'delete', why: 'node replacement on the embedded local cluster (chaos)', optional: true },
  { group: '', resource: 'nodes', subresource: 'proxy', verb: 'get', why: 'load sampling (stats/summary) and the kubelet pod-start SLI (metrics)' },
  { group: 'node.k8s.io', resource: 'runtimeclasses', verb: 'get', why: 'the gVisor RuntimeClass must exist' },
  { group: 'node.k8s.io', resource: 'runtimeclasses', verb: 'list', why: 'the gVisor RuntimeClass must exist' },
  { group: 'apps', resource: 'daemonsets', verb: 'get', why: 'gVisor installer status', namespace: 'gauntlet-system', optional: true },
  { group: 'apps', resource: 'daemonsets', verb: 'list', why: 'gVisor installer status', namespace: 'gauntlet-system', optional: true },
  { group: 'rbac.authorization.k8s.io', resource: 'clusterroles', verb: 'list', why: 'the sweeper finds leftovers of killed runs', optional: true },
  { group: 'rbac.authorization.k8s.io', resource: 'clusterroles', verb: 'delete', why: 'the sweeper removes leftovers of killed runs', optional: true },
  { group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', verb: 'list', why: 'the sweeper finds leftovers of killed runs', optional: true },
  { group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', verb: 'delete', why: 'the sweeper removes leftovers of killed runs', optional: true },
  { group: 'chaos-mesh.org', resource: 'podchaos', verb: 'create', why: 'chaos through Chaos Mesh, where installed', optional: true },
  { group: 'chaos-mesh.org', resource: 'podchaos', verb: 'delete', why: 'chaos through Chaos Mesh, where installed', optional: true },
  { group: 'chaos-mesh.org', resource: 'podchaos', verb: 'list', why: 'chaos through Chaos Mesh, where installed', optional: true },
];

/** `pods/log get`, `runtimeclasses.node.k8s.io list`: how kubectl auth can-i spells it. */
export function describePermission(p: Permission): string {
  const res = `${p.resource}${p.subresource ? `/${p.subresource}` : ''}${p.group ? `.${p.group}` : ''}`;
  return `${p.verb} ${res}${p.namespace ? ` in ${p.namespace}` : ''}`;
}
