/**
 * The local cluster's image registry: distribution (the reference OCI registry, built here)
 * as a container on the node network. Nodes pull every harness image from it through
 * containerd's registry configuration (`config_path`, `hosts.toml`), as EKS nodes pull from
 * ECR; only the images kubeadm needs to bootstrap are loaded into the nodes directly.
 */
import { InfrastructureError } from '../errors.js';
import { localRegistryHost } from '../images.js';
import { docker } from './docker.js';
import { ignore404 } from './nodes.js';
import { runLogged } from './run-script.js';
import { clusterLabel, hostAddress, readVersions, type ClusterSettings } from './settings.js';

/** Port the registry serves on, inside the node network. */
export const registryPort = 5000;
/** Docker label naming the part of the cluster a non-node container is. */
export const partLabel = 'sandbox-gauntlet.dev/part';

export const registryContainer = (s: ClusterSettings): string => `${s.name}-registry`;
/** Fixed address on the node network: .5, below the nodes (.10 and up). */
export const registryAddress = (s: ClusterSettings): string => hostAddress(s.subnet, 5);
const registryVolume = (s: ClusterSettings): string => `${registryContainer(s)}-data`;

/** containerd's per-registry configuration for the nodes: plain HTTP to the registry container. */
export function hostsToml(s: ClusterSettings): string {
  const url = `http://${registryAddress(s)}:${registryPort}`;
  return [
    `# Written by sandbox-gauntlet: ${localRegistryHost} is the local cluster's registry container.`,
    `server = "${url}"`,
    '',
    `[host."${url}"]`,
    '  capabilities = ["pull", "resolve"]',
    '',
  ].join('\n');
}

/** Where a node's containerd reads hostsToml (config_path in the node's config.toml). */
export const hostsTomlPath = `/etc/containerd/certs.d/${localRegistryHost}/hosts.toml`;

const registryImageTag = (): string => `gauntlet.local/registry:${readVersions().DISTRIBUTION_VERSION ?? ''}`;

/** Starts the registry container (or reuses a running one) and returns the loopback port the host pushes to. */
export async function ensureRegistry(s: ClusterSettings): Promise<number> {
  const d = (await docker()).container.dockerode;
  const name = registryContainer(s);
  const existing = await d.getContainer(name).inspect().catch((err: unknown) => {
    ignore404(err);
    return undefined;
  });
  if (existing && !existing.State.Running) await d.getContainer(name).remove({ force: true }).catch(ignore404);
  if (!existing || !existing.State.Running) {
    await d.createVolume({ Name: registryVolume(s), Labels: { [clusterLabel]: s.name, [partLabel]: 'registry' } });
    const c = await d.createContainer({
      name,
      Image: registryImageTag(),
      Labels: { [clusterLabel]: s.name, [partLabel]: 'registry' },
      ExposedPorts: { [`${registryPort}/tcp`]: {} },
      HostConfig: {
        // Loopback only, on a port Docker picks: the host pushes, nothing else reaches it.
        PortBindings: { [`${registryPort}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '' }] },
        Mounts: [{ Type: 'volume', Source: registryVolume(s), Target: '/var/lib/registry' }],
        RestartPolicy: { Name: 'unless-stopped' },
        NetworkMode: s.network,
      },
      NetworkingConfig: { EndpointsConfig: { [s.network]: { IPAMConfig: { IPv4Address: registryAddress(s) } } } },
    });
    await c.start();
  }
  const info = await d.getContainer(name).inspect();
  const port = Number(info.NetworkSettings.Ports?.[`${registryPort}/tcp`]?.[0]?.HostPort);
  if (!Number.isInteger(port) || port <= 0) {
    throw new InfrastructureError(`the registry container ${name} published no loopback port`, `docker inspect ${name}`);
  }
  await waitForRegistry(port);
  return port;
}

async function waitForRegistry(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/v2/`);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new InfrastructureError(`the local registry did not answer on 127.0.0.1:${port} within ${timeoutMs} ms (last: ${last})`, 'see `docker logs` of the registry container');
}

/** The repository path and tag of a local image reference, e.g. gauntlet.local/probe:latest → probe:latest. */
export function repoPath(ref: string): string {
  const slash = ref.indexOf('/');
  return slash < 0 ? ref : ref.slice(slash + 1);
}

/**
 * Pushes locally built images into the registry, each as registry.gauntlet.local/<path>.
 * The push goes to the loopback port (Docker allows plain HTTP to 127.0.0.0/8); the
 * temporary tag is removed again. Returns the references nodes pull.
 */
export async function pushImages(port: number, sources: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const src of sources) {
    const path = repoPath(src);
    const tmp = `127.0.0.1:${port}/${path}`;
    await runLogged('docker', ['tag', src, tmp], { component: 'registry push' });
    try {
      await runLogged('docker', ['push', '-q', tmp], { component: 'registry push' });
    } finally {
      await runLogged('docker', ['rmi', tmp], { component: 'registry push' }).catch(() => undefined);
    }
    out.push(`${localRegistryHost}/${path}`);
  }
  return out;
}

const manifestTypes = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** The digest the registry serves for a reference of ours, as a node's pull would record it. */
export async function registryDigest(port: number, ref: string): Promise<string> {
  const path = repoPath(ref);
  const colon = path.lastIndexOf(':');
  const [repo, tag] = colon < 0 ? [path, 'latest'] : [path.slice(0, colon), path.slice(colon + 1)];
  const res = await fetch(`http://127.0.0.1:${port}/v2/${repo}/manifests/${tag}`, { method: 'HEAD', headers: { Accept: manifestTypes } });
  const digest = res.headers.get('docker-content-digest');
  if (!res.ok || !digest) throw new InfrastructureError(`the local registry has no manifest for ${ref} (HTTP ${res.status})`, 'run `gauntlet cluster up` again to push it');
  return digest;
}

/** Parses `ctr images ls` (REF TYPE DIGEST ...) into ref → digest. */
export function parseCtrImages(out: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of out.split('\n').slice(1)) {
    const [ref, , digest] = line.trim().split(/\s+/);
    if (ref && digest?.startsWith('sha256:')) m.set(ref, digest);
  }
  return m;
}

/**
 * A node keeps what it pulled (IfNotPresent), so a rebuilt `:latest` would not reach it.
 * Drops each reference the node holds with a digest other than the registry's (`digests`:
 * ref → the registry's digest, from registryDigest); returns those.
 */
export async function dropStaleImages(node: string, digests: ReadonlyMap<string, string>, exec: (node: string, cmd: string[], input?: string) => Promise<string>): Promise<string[]> {
  const held = parseCtrImages(await exec(node, ['ctr', '-n', 'k8s.io', 'images', 'ls']));
  const dropped: string[] = [];
  for (const [ref, digest] of digests) {
    const have = held.get(ref);
    if (have === undefined || have === digest) continue;
    await exec(node, ['ctr', '-n', 'k8s.io', 'images', 'rm', ref]);
    dropped.push(ref);
  }
  return dropped;
}
