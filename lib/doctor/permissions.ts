/**
 * What the suites do to a cluster, as RBAC permissions: the single source. `gauntlet doctor`
 * asks the API about each (SelfSubjectAccessReview); deploy/rbac.yaml is generated from this
 * list (`npm run gen:rbac`, lib/rbac/manifest.ts) and a unit test fails when the two differ.
 * Cluster-wide, because every test creates a namespace with a fresh name. `npm test` runs the
 * suites as the ServiceAccount of that file, so a permission missing here turns CI red.
 */
import { grantRoles } from '../rbac/grants.js';

/** main: every suite needs it. disruptive: a separate, optional ClusterRole for a dedicated test cluster. */
export type PermissionRole = 'main' | 'disruptive';

export interface Permission {
  group: string;
  resource: string;
  subresource?: string;
  verb: string;
  /** What needs it, shown when it is missing and written above its rule in deploy/rbac.yaml. */
  why: string;
  /** Only some scenarios need it; missing ones warn, and those scenarios are skipped with the reason. */
  optional?: boolean;
  /** The ClusterRole of deploy/rbac.yaml that grants it; unset = main. Disruptive ones are optional. */
  role?: PermissionRole;
  /** The scenarios that need it (optional permissions), as doctor's table and the skip reason name them. */
  scenarios?: readonly string[];
  /** Namespace to ask about; unset = all namespaces. */
  namespace?: string;
  /** Only this object (RBAC's resourceNames). */
  resourceName?: string;
}

type Extra = Omit<Partial<Permission>, 'group' | 'resource' | 'verb' | 'why'>;

const perms = (group: string, resource: string, verbs: readonly string[], why: string, extra: Extra = {}): Permission[] => {
  const [res, subresource] = resource.split('/');
  return verbs.map((verb) => ({ group, resource: res ?? resource, ...(subresource !== undefined && { subresource }), verb, why, ...extra }));
};
const core = (resource: string, verbs: readonly string[], why: string, extra: Extra = {}): Permission[] => perms('', resource, verbs, why, extra);

/** Scenarios that need an optional permission, by the name doctor's table and their skip reason give. */
export const scenarioNeeds = {
  nodeReplacement: 'chaos: node replacement',
  installerPodDeletion: 'chaos: installer pod deletion',
  chaosMesh: 'chaos: Chaos Mesh faults (where Chaos Mesh is installed)',
} as const;

export const requiredPermissions: readonly Permission[] = [
  ...core('namespaces', ['create', 'delete', 'get', 'list', 'watch'], 'One namespace per test; the sweeper lists those of killed runs.'),
  ...core('pods', ['create', 'delete', 'get', 'list', 'watch'], 'Probe pods under runc and runsc, canaries, node agents; the census lists pods on a node.'),
  ...core('pods/log', ['get'], "Probe results (the probe's result line) and failure evidence."),
  ...core('pods/exec', ['create', 'get'], 'Node agents: commands on a node through its privileged agent pod (the exec API over a WebSocket, which opens with a GET).'),
  ...core('events', ['list', 'watch'], 'Wait diagnostics and failure evidence.'),
  ...core('serviceaccounts', ['create', 'delete', 'get', 'list', 'watch'], 'A namespace is ready when its default ServiceAccount exists; control and tenant identities.'),
  ...core('secrets', ['create', 'delete'], 'Canary tokens the probes must read back; the etcd client certificate of the control tenant.'),
  ...core('configmaps', ['create', 'delete'], 'The canary ConfigMap of the control-plane category.'),
  ...core('services', ['create', 'delete', 'get'], 'The canary NodePort service; the API server\'s address (default/kubernetes).'),
  ...core('nodes', ['get', 'list', 'watch'], 'Node readiness, per-node gVisor status, placing probes, what was tested.'),
  ...core('nodes/proxy', ['get'], "Load sampling (the kubelet's stats/summary) and the kubelet pod-start SLI (metrics)."),
  ...perms('apps', 'deployments', ['create', 'delete'], 'The node-loss scenario: a workload whose pods must be rescheduled off the lost node.'),
  ...perms('networking.k8s.io', 'networkpolicies', ['create', 'delete'], "The tenant egress policy and the hardened profile's deny-egress policy."),
  ...perms('node.k8s.io', 'runtimeclasses', ['get', 'list'], 'The gVisor RuntimeClass must exist; the sweeper lists those of killed runs.'),
  ...perms('node.k8s.io', 'runtimeclasses', ['create', 'delete'], 'The runtime-unavailable scenario: a RuntimeClass whose handler no node has.'),
  ...perms('rbac.authorization.k8s.io', 'rolebindings', ['create', 'delete'], 'Escape controls and tenants are bound to the grant ClusterRoles below, in the test\'s namespaces.'),
  ...perms('rbac.authorization.k8s.io', 'clusterrolebindings', ['create', 'delete', 'list'], "Escape controls' node access (the grant ClusterRoles below); the sweeper lists those of killed runs."),
  ...grantRoles.map((g): Permission => ({
    group: 'rbac.authorization.k8s.io',
    resource: 'clusterroles',
    verb: 'bind',
    resourceName: g.name,
    why: `Binding ${g.name}, without holding its rules: ${g.why}`,
  })),
  ...perms('apps', 'daemonsets', ['get', 'list', 'watch'], "The gVisor installer's status and the installer-pod deletion scenario.", {
    namespace: 'gauntlet-system',
    optional: true,
    scenarios: [scenarioNeeds.installerPodDeletion, 'doctor: gVisor installer status'],
  }),
  ...(['podchaos', 'networkchaos', 'stresschaos', 'awschaos', 'iochaos', 'timechaos'] as const).flatMap((r) =>
    perms('chaos-mesh.org', r, ['create', 'delete', 'get', 'list', 'patch', 'update'], "Chaos through Chaos Mesh, where it is installed (patch, and update, which Chaos Mesh's own admission check asks for a patch: the finalizer of a fault that never recovers).", { optional: true, scenarios: [scenarioNeeds.chaosMesh] }),
  ),
  ...(['deployments', 'daemonsets'] as const).flatMap((r) =>
    perms('apps', r, ['list'], "Whether Chaos Mesh is installed, and its version: its controller and daemon, by the Helm chart's labels, in any namespace.", { optional: true, scenarios: [scenarioNeeds.chaosMesh] }),
  ),
  ...core('nodes', ['delete'], 'Node replacement: the lost Node object is deleted, as a cluster autoscaler would.', {
    role: 'disruptive',
    optional: true,
    scenarios: [scenarioNeeds.nodeReplacement],
  }),
];

/** The role a permission belongs to. */
export const roleOf = (p: Permission): PermissionRole => p.role ?? 'main';

/** `pods/log get`, `runtimeclasses.node.k8s.io list`: how kubectl auth can-i spells it. */
export function describePermission(p: Permission): string {
  const res = `${p.resource}${p.subresource ? `/${p.subresource}` : ''}${p.group ? `.${p.group}` : ''}${p.resourceName ? `/${p.resourceName}` : ''}`;
  return `${p.verb} ${res}${p.namespace ? ` in ${p.namespace}` : ''}`;
}
