import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InfrastructureError } from '../errors.js';
import { localKubeconfigPath, stateDir } from '../paths.js';
import { buildAll, ensureHostDeps } from './build.js';
import { installGvisorLocal } from '../gvisor/installer.js';
import { chaosMeshMode, ensureChaosMeshLocal } from '../chaos-mesh/install.js';
import { docker } from './docker.js';
import { clusterDown, sweepHostLeftovers } from './down.js';
import { guardEgress } from './host-network.js';
import { loadImages } from './images.js';
import { applyTenantRuntimePolicy } from '../admission/tenant-runtime-policy.js';
import { installNetworkPolicyEngine, networkPolicyEngineInstalled, networkPolicyImageSource, networkPolicyMode, type NetworkPolicyMode } from './network-policy.js';
import { dropStaleImages, ensureRegistry, hostsToml, hostsTomlPath, pushImages, registryDigest } from './registry.js';
import { imageRepository, initConfig, joinConfig, type Versions } from './kubeadm-config.js';
import { kubectl } from './kubectl.js';
import { ensureHarnessIdentity, serviceAccountToken, tokenKubeconfig } from './harness-identity.js';
import { repairEmbeddedNodes } from './node-repair.js';
import { createNode, listNodes, nodeExec } from './nodes.js';
import { hostRoutes, subnetUsers } from './subnet-users.js';
import { clusterFixtures, clusterLabel, clusterSettings, nodeAddress, nodeGroupLabel, readVersions, type ClusterSettings, type NodeGroup } from './settings.js';
import { registryImage } from '../images.js';

export type Progress = (msg: string) => void;

/**
 * Images the nodes pull from the cluster's registry, by their local build tags: the probe,
 * the tools image (stress, node agent, smoke test), the workloads image and its base, and the
 * NetworkPolicy engine. The gVisor
 * installer's image is pushed by lib/gvisor/installer.ts. Pushed on every `cluster up`.
 */
const registryImageSources = (): string[] => [
  `${imageRepository}/probe:latest`,
  `${imageRepository}/debian-tools:latest`,
  // The workloads suite: its image, and its base as a stand-in user image (fixtures/workloads/build.sh).
  `${imageRepository}/workloads:latest`,
  `${imageRepository}/debian-python:latest`,
  networkPolicyImageSource(),
];

/** Timeouts of cluster bring-up: cold nodes on 2 cores are slow, so these are generous. */
export const clusterTimeouts = {
  nodesReadyS: 300,
  systemPodsReadyS: 300,
} as const;

const versions = (): Versions => {
  const v = readVersions();
  return { kubernetes: v.KUBERNETES_VERSION ?? '', etcdImageTag: v.ETCD_IMAGE_TAG ?? '', coredns: v.COREDNS_VERSION ?? '' };
};

/**
 * Images kubeadm needs to bootstrap a node, loaded into it directly (nothing can pull before
 * the node runs): the sandbox image, kube-proxy and CoreDNS. Everything else is pulled.
 */
function bootstrapImages(): string[] {
  const v = readVersions();
  return [`${imageRepository}/pause:${v.PAUSE_VERSION}`, `${imageRepository}/kube-proxy:${v.KUBERNETES_VERSION}`, `${imageRepository}/coredns:${v.COREDNS_VERSION}`];
}

function controlPlaneImages(): string[] {
  const v = readVersions();
  return ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((b) => `${imageRepository}/${b}:${v.KUBERNETES_VERSION}`)
    .concat(`${imageRepository}/etcd:${v.ETCD_IMAGE_TAG}`);
}

/** Per-node kubelet flags: each kubelet gets a cgroup root of its own on the shared cgroup v1 hierarchies. */
async function writeKubeletDefaults(node: string, s: ClusterSettings): Promise<void> {
  await nodeExec(node, ['bash', '-c', 'mkdir -p /etc/gauntlet && cat > /etc/default/kubelet && echo "$0" > /etc/gauntlet/cluster-cidr', s.podCidr],
    `KUBELET_EXTRA_ARGS=--cgroup-root=/gauntlet/${node}\n`);
}

/** The node pulls registry.gauntlet.local/... from the cluster's registry (containerd reads hosts.toml per pull). */
async function writeRegistryConfig(node: string, s: ClusterSettings): Promise<void> {
  await nodeExec(node, ['bash', '-c', 'mkdir -p "$(dirname "$0")" && cat > "$0"', hostsTomlPath], hostsToml(s));
}

async function ensureNetwork(s: ClusterSettings): Promise<void> {
  const d = (await docker()).container.dockerode;
  const nets = await d.listNetworks({ filters: { name: [s.network] } });
  const existing = nets.find((n) => n.Name === s.network);
  if (existing) return guardEgress(existing.Id);
  try {
    await d.createNetwork({
      Name: s.network,
      Driver: 'bridge',
      Labels: { [clusterLabel]: s.name },
      IPAM: { Config: [{ Subnet: s.subnet, Gateway: s.gateway }] },
    });
    const created = (await d.listNetworks({ filters: { name: [s.network] } })).find((n) => n.Name === s.network);
    if (created) await guardEgress(created.Id);
  } catch (err) {
    const all = await d.listNetworks().catch(() => []);
    const networks = all.map((n) => ({ name: n.Name, subnets: (n.IPAM?.Config ?? []).map((c) => c.Subnet ?? '').filter((x) => x !== '') }));
    const users = subnetUsers(s.subnet, networks, await hostRoutes());
    throw new InfrastructureError(
      `cannot create the node network ${s.network} on ${s.subnet}: ${(err as Error).message}`,
      `${users.length > 0 ? `${s.subnet} is in use by ${users.join(' and ')}` : 'the subnet may be in use by another network of this machine (see `ip route` and `docker network ls`)'}; choose another with GAUNTLET_SUBNET=a.b.c.0/24`,
      { cause: err },
    );
  }
}

/**
 * A kubeconfig for the node-local pod-network agent, built from the token of its
 * ServiceAccount (fixtures/cluster/manifests/pod-network.yaml); every node gets a copy.
 */
async function podNetworkKubeconfig(cpIp: string): Promise<string> {
  await kubectl(['apply', '-f', join(clusterFixtures, 'manifests', 'pod-network.yaml')], { component: 'pod network agent' });
  const token = await serviceAccountToken('kube-system', 'gauntlet-routes-token', 'pod network agent');
  return tokenKubeconfig(`https://${cpIp}:6443`, 'gauntlet-routes', token);
}

const routesKubeconfigPath = (): string => join(stateDir(), 'routes.kubeconfig');

async function writeRoutesKubeconfig(node: string): Promise<void> {
  await nodeExec(node, ['bash', '-c', 'mkdir -p /etc/gauntlet && umask 077 && cat > /etc/gauntlet/routes.kubeconfig'], readFileSync(routesKubeconfigPath(), 'utf8'));
}

/**
 * CoreDNS answers for the cluster only. kubeadm's Corefile forwards other names
 * to the node's resolver, which in a node container is Docker's 127.0.0.11: a
 * loop inside the pod, and a path off this machine that the harness must not use.
 * Suites that need an upstream (DNS exfiltration) add a canary zone themselves.
 */
async function clusterOnlyDns(): Promise<void> {
  const cm = await kubectl(['-n', 'kube-system', 'get', 'configmap', 'coredns', '-o', 'json'], { component: 'coredns config' });
  const obj = JSON.parse(cm) as { data: { Corefile: string } };
  obj.data.Corefile = obj.data.Corefile.replace(/\n\s*forward \. \/etc\/resolv\.conf \{[^}]*\}/, '').replace(/\n\s*loop\b/, '');
  await kubectl(['apply', '-f', '-'], { input: JSON.stringify(obj), component: 'coredns config' });
}

/**
 * Joins a new worker of a node group to the running cluster; the kubelet labels its Node with
 * the group. Used by `cluster up` and by the chaos suite's node replacement (a gVisor worker).
 */
export async function addWorker(name: string, ip: string, group: NodeGroup, progress: Progress = () => {}): Promise<void> {
  const s = clusterSettings();
  progress(`create ${group} worker ${name} (${ip})`);
  await createNode(s, { name, role: 'worker', ip });
  progress(`load bootstrap images into ${name}`);
  await loadImages(name, bootstrapImages());
  await writeKubeletDefaults(name, s);
  await writeRegistryConfig(name, s);
  await writeRoutesKubeconfig(name);
  const joinCmd = (await nodeExec(s.controlPlaneName, ['kubeadm', 'token', 'create', '--ttl', '30m', '--print-join-command'])).trim();
  const token = /--token\s+(\S+)/.exec(joinCmd)?.[1];
  const hash = /--discovery-token-ca-cert-hash\s+(\S+)/.exec(joinCmd)?.[1];
  if (!token || !hash) throw new InfrastructureError('kubeadm printed no usable join command', joinCmd);
  const cpIp = nodeAddress(s, 0);
  await nodeExec(name, ['bash', '-c', 'cat > /etc/kubernetes/kubeadm-join.yaml'], joinConfig(name, ip, cpIp, token, hash, { [nodeGroupLabel]: group }));
  progress(`kubeadm join ${name}`);
  await nodeExec(name, ['kubeadm', 'join', '--config', '/etc/kubernetes/kubeadm-join.yaml']);
}

/** Next free worker name and address, for a replacement node. */
export async function nextWorker(): Promise<{ name: string; ip: string }> {
  const s = clusterSettings();
  const taken = new Set((await listNodes(s)).map((n) => n.name));
  for (let i = 1; ; i++) {
    const name = i === 1 ? `${s.name}-worker` : `${s.name}-worker${i}`;
    if (!taken.has(name)) return { name, ip: nodeAddress(s, i) };
  }
}

/** Is the embedded cluster whole: every node container running, API ready, nodes Ready, CoreDNS, kube-router and the gVisor installer rolled out? */
export async function clusterHealthy(): Promise<boolean> {
  return healthy(clusterSettings(), networkPolicyMode());
}

async function healthy(s: ClusterSettings, policy: NetworkPolicyMode): Promise<boolean> {
  const nodes = await listNodes(s);
  const expected = [s.controlPlaneName, ...s.workers.map((w) => w.name)];
  if (!expected.every((n) => nodes.some((x) => x.name === n && x.running))) return false;
  try {
    // A cluster with the other NetworkPolicy setting is not the one asked for: rebuilt, since
    // removing the engine would leave its iptables chains and ipsets in the nodes.
    if ((await networkPolicyEngineInstalled()) !== (policy === 'on')) return false;
    if (policy === 'on') await kubectl(['-n', 'kube-system', 'rollout', 'status', 'daemonset/kube-router', '--timeout=20s'], { component: 'cluster health' });
    await kubectl(['get', '--raw', '/readyz'], { component: 'cluster health' });
    await kubectl(['wait', '--for=condition=Ready', 'node', '--all', '--timeout=20s'], { component: 'cluster health' });
    await kubectl(['-n', 'kube-system', 'rollout', 'status', 'deployment/coredns', '--timeout=20s'], { component: 'cluster health' });
    await kubectl(['-n', 'gauntlet-system', 'rollout', 'status', 'daemonset/gvisor-installer', '--timeout=20s'], { component: 'cluster health' });
    return true;
  } catch {
    return false;
  }
}

/** Checks the end state: DNS resolves and a Service answers through kube-proxy. */
/**
 * The routes agent reconciles every few seconds, so a node that joined last may not yet
 * be reachable from the others. Wait until every node routes every other node's podCIDR.
 */
async function waitForPodRoutes(progress: Progress, timeoutMs = 60_000): Promise<void> {
  progress('waiting for pod routes between all nodes');
  const deadline = Date.now() + timeoutMs;
  let missing: string[] = [];
  while (Date.now() < deadline) {
    const rows = (await kubectl(['get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name}|{.spec.podCIDR}{"\\n"}{end}'], { component: 'pod routes' }))
      .split('\n').map((l) => l.trim().split('|')).filter((r): r is [string, string] => Boolean(r[0] && r[1]));
    missing = [];
    for (const [node] of rows) {
      const table = await nodeExec(node, ['ip', 'route', 'show']);
      for (const [other, cidr] of rows) if (other !== node && !table.includes(`${cidr} via`)) missing.push(`${node} -> ${other} (${cidr})`);
    }
    if (missing.length === 0) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new InfrastructureError(`pod routes still missing after ${timeoutMs} ms: ${missing.join(', ')}`,
    'the gauntlet-routes agent writes them; see `journalctl -u gauntlet-routes` inside the node container');
}

async function smokeTest(progress: Progress): Promise<void> {
  const v = readVersions();
  progress('smoke test: an image pulled from the registry, cluster DNS, and a Service through kube-proxy');
  const image = registryImage('debian-tools');
  // kube-proxy may still be writing the Service rules: try for up to a minute, then say what failed.
  const name0 = 'kubernetes.default.svc.cluster.local';
  const script = `for i in $(seq 1 30); do if getent hosts ${name0} >/dev/null && timeout 3 bash -c "exec 3<>/dev/tcp/${name0}/443"; then echo service-ok; exit 0; fi; sleep 2; done; `
    + `echo "DNS lookup of ${name0}:"; getent hosts ${name0} || echo "  failed"; echo "resolv.conf:"; cat /etc/resolv.conf; exit 1`;
  const name = `gauntlet-smoke-${Date.now().toString(36)}`;
  // No `kubectl run -i`: its attach can miss the output of a container that ends quickly.
  // Create, wait for the end, read the logs. The image comes from the registry: this also
  // proves that nodes pull.
  await kubectl(['run', name, '-n', 'default', '--restart=Never', `--image=${image}`, '--image-pull-policy=IfNotPresent',
    '--command', '--', 'bash', '-c', script], { component: 'cluster smoke test' });
  try {
    const deadline = Date.now() + 120_000;
    let phase = '';
    while (Date.now() < deadline) {
      phase = (await kubectl(['-n', 'default', 'get', 'pod', name, '-o', 'jsonpath={.status.phase}'], { component: 'cluster smoke test' })).trim();
      if (phase === 'Succeeded' || phase === 'Failed') break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const out = await kubectl(['-n', 'default', 'logs', name], { component: 'cluster smoke test' }).catch(() => '(no logs)');
    if (phase !== 'Succeeded' || !out.includes('service-ok')) {
      throw new InfrastructureError('the cluster came up but DNS or Services do not work',
        `smoke pod ${name} ended ${phase || 'nowhere'} after up to 120 s; its output:\n${out}\nkubernetes ${v.KUBERNETES_VERSION}`);
    }
  } finally {
    await kubectl(['-n', 'default', 'delete', 'pod', name, '--wait=false', '--ignore-not-found'], { component: 'cluster smoke test' }).catch(() => undefined);
  }
}

/** Pushes the harness images to the registry and drops copies a node pulled before they were rebuilt. */
export async function publishImages(s: ClusterSettings, progress: Progress): Promise<void> {
  const port = await ensureRegistry(s);
  progress(`push ${registryImageSources().length} images to the cluster registry (127.0.0.1:${port})`);
  const pushed = await pushImages(port, registryImageSources());
  const digests = new Map(await Promise.all(pushed.map(async (ref) => [ref, await registryDigest(port, ref)] as const)));
  for (const n of (await listNodes(s)).filter((x) => x.running)) {
    const dropped = await dropStaleImages(n.name, digests, nodeExec);
    if (dropped.length > 0) progress(`${n.name}: dropped stale ${dropped.join(', ')} (the next pod pulls the new build)`);
  }
}

/** `gauntlet cluster up`: builds what is missing, then brings up a control plane, two gVisor workers and a standard worker. */
export async function clusterUp(progress: Progress): Promise<{ kubeconfig: string; reused: boolean }> {
  const started = Date.now();
  const policy = networkPolicyMode();
  const chaosMesh = chaosMeshMode();
  await ensureHostDeps(progress);
  await buildAll(progress);
  const s = clusterSettings();
  const existing = await listNodes(s);
  if (existing.length > 0) {
    // A killed run's node faults (a stopped worker, a stray replacement, a hidden shim) are put
    // right first: they must not make a healthy cluster look broken and get it rebuilt.
    for (const r of await repairEmbeddedNodes(s, { progress })) progress(`repaired ${r.node}: ${r.action}`);
    if (await healthy(s, policy)) {
      progress('a healthy cluster exists: reusing it (`gauntlet cluster down` removes it)');
      // A rebuilt probe must reach the nodes, or suites would test yesterday's probe.
      await publishImages(s, progress);
      await applyTenantRuntimePolicy(progress);
      if (chaosMesh === 'on') await ensureChaosMeshLocal(progress);
      await ensureHarnessIdentity(progress);
      return { kubeconfig: localKubeconfigPath(), reused: true };
    }
    progress(`found leftovers of an earlier run, or a cluster of another shape (${existing.map((n) => n.name).join(', ')}): removing them`);
    await clusterDown(progress);
  }
  await sweepHostLeftovers(s, progress);
  await ensureNetwork(s);
  await publishImages(s, progress);

  const cp = s.controlPlaneName;
  const cpIp = nodeAddress(s, 0);
  progress(`create node ${cp} (${cpIp})`);
  await createNode(s, { name: cp, role: 'control-plane', ip: cpIp });
  progress(`load bootstrap images into ${cp}`);
  await loadImages(cp, [...controlPlaneImages(), ...bootstrapImages()]);
  await writeKubeletDefaults(cp, s);
  await writeRegistryConfig(cp, s);
  await nodeExec(cp, ['bash', '-c', 'cat > /etc/kubernetes/kubeadm.yaml'], initConfig(s, cpIp, versions()));
  progress('kubeadm init (control plane; about a minute)');
  await nodeExec(cp, ['kubeadm', 'init', '--config', '/etc/kubernetes/kubeadm.yaml', '--skip-token-print']);

  const kubeconfig = localKubeconfigPath();
  mkdirSync(dirname(kubeconfig), { recursive: true });
  writeFileSync(kubeconfig, await nodeExec(cp, ['cat', '/etc/kubernetes/admin.conf']), { mode: 0o600 });

  await clusterOnlyDns();
  writeFileSync(routesKubeconfigPath(), await podNetworkKubeconfig(cpIp), { mode: 0o600 });
  await writeRoutesKubeconfig(cp);

  for (const [i, w] of s.workers.entries()) await addWorker(w.name, nodeAddress(s, i + 1), w.group, progress);

  progress('waiting for all nodes Ready');
  await kubectl(['wait', '--for=condition=Ready', 'node', '--all', `--timeout=${clusterTimeouts.nodesReadyS}s`], { component: 'nodes ready' });
  progress('waiting for CoreDNS');
  await kubectl(['-n', 'kube-system', 'rollout', 'status', 'deployment/coredns', `--timeout=${clusterTimeouts.systemPodsReadyS}s`], { component: 'coredns ready' });
  await waitForPodRoutes(progress);
  if (policy === 'on') await installNetworkPolicyEngine(registryImage('kube-router', readVersions().KUBE_ROUTER_BUILD), s.serviceCidr, progress);
  else progress('GAUNTLET_NETWORK_POLICY=off: no NetworkPolicy engine; policies are accepted and not enforced');
  await smokeTest(progress);
  await applyTenantRuntimePolicy(progress);
  // gVisor reaches the gVisor node group the way a platform installs it: the installer DaemonSet.
  await installGvisorLocal(progress);
  if (chaosMesh === 'on') await ensureChaosMeshLocal(progress);
  else progress('Chaos Mesh not installed (GAUNTLET_CHAOS_MESH=on installs it; its tests are skipped without it)');
  await ensureHarnessIdentity(progress);
  progress(`cluster up in ${Math.round((Date.now() - started) / 1000)} s`);
  return { kubeconfig, reused: false };
}
