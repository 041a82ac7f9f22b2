import { GenericContainer, type StartedTestContainer } from 'testcontainers';
import { InfrastructureError } from '../errors.js';
import { clusterLabel, roleLabel, type ClusterSettings } from './settings.js';
import { docker } from './docker.js';

export type NodeRole = 'control-plane' | 'worker';

export interface NodeSpec {
  name: string;
  role: NodeRole;
  ip: string;
}

/**
 * A node container. Privileged mode fails on this VM (its capability bounding
 * set lacks CAP_SYS_RESOURCE), so the node asks for every other capability and
 * for what --privileged would otherwise give: all devices, unconfined seccomp,
 * AppArmor and /proc paths, and the host's cgroup hierarchies.
 */
class NodeContainer extends GenericContainer {
  constructor(s: ClusterSettings, spec: NodeSpec) {
    super(s.nodeImage);
    this.withName(spec.name)
      .withHostname(spec.name)
      .withLabels({ [clusterLabel]: s.name, [roleLabel]: spec.role })
      .withAddedCapabilities('ALL')
      .withDroppedCapabilities('SYS_RESOURCE')
      .withSecurityOpt('seccomp=unconfined', 'apparmor=unconfined', 'label=disable')
      .withTmpFs({ '/run': 'rw,exec', '/tmp': 'rw,exec' })
      .withBindMounts([
        { source: '/dev', target: '/dev', mode: 'rw' },
        { source: '/sys/fs/cgroup', target: '/sys/fs/cgroup', mode: 'rw' },
      ])
      .withNetworkMode(s.network)
      .withAutoRemove(false)
      .withStartupTimeout(60_000);
    this.hostConfig.DeviceCgroupRules = ['a *:* rwm'];
    // What the CLI's --security-opt systempaths=unconfined means in the engine API: /proc and /sys unmasked.
    Object.assign(this.hostConfig, { MaskedPaths: [], ReadonlyPaths: [] });
    // dockerode's types predate CgroupnsMode; the engine API (1.41+) takes it.
    (this.hostConfig as { CgroupnsMode?: string }).CgroupnsMode = 'host';
    // containerd's snapshots cannot live on the container's overlay: /var gets a volume.
    this.hostConfig.Mounts = [{ Type: 'volume', Source: volumeName(spec.name), Target: '/var' }];
    this.createOpts.NetworkingConfig = {
      EndpointsConfig: { [s.network]: { IPAMConfig: { IPv4Address: spec.ip } } },
    };
  }
}

export const volumeName = (node: string): string => `${node}-var`;

/** Creates and starts a node container, then waits until its systemd is running. */
export async function createNode(s: ClusterSettings, spec: NodeSpec): Promise<StartedTestContainer> {
  const client = await docker();
  await client.container.dockerode.createVolume({ Name: volumeName(spec.name), Labels: { [clusterLabel]: s.name } });
  let started: StartedTestContainer;
  try {
    started = await new NodeContainer(s, spec).start();
  } catch (err) {
    throw new InfrastructureError(`node container ${spec.name} did not start: ${(err as Error).message}`, 'see `docker logs ' + spec.name + '`', { cause: err });
  }
  await waitForSystemd(spec.name);
  return started;
}

/** Runs a command in a node; throws with its output when it fails. */
export async function nodeExec(node: string, cmd: string[], input?: string): Promise<string> {
  const client = await docker();
  const container = client.container.dockerode.getContainer(node);
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, AttachStdin: input !== undefined });
  const stream = await exec.start({ hijack: true, stdin: input !== undefined });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const { PassThrough } = await import('node:stream');
  const o = new PassThrough();
  const e = new PassThrough();
  o.on('data', (c: Buffer) => out.push(c));
  e.on('data', (c: Buffer) => err.push(c));
  client.container.dockerode.modem.demuxStream(stream, o, e);
  if (input !== undefined) stream.end(input);
  await new Promise<void>((res, rej) => {
    stream.on('end', () => res());
    stream.on('close', () => res());
    stream.on('error', rej);
  });
  const info = await exec.inspect();
  const stdout = Buffer.concat(out).toString();
  if (info.ExitCode !== 0) {
    const stderr = Buffer.concat(err).toString().trim();
    throw new InfrastructureError(
      `command failed on node ${node} (exit ${info.ExitCode}): ${cmd.join(' ')}`,
      (stderr || stdout).split('\n').slice(-15).join('\n'),
    );
  }
  return stdout;
}

/** Waits until systemd in the node reports running (or degraded, which still runs units). */
export async function waitForSystemd(node: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'unknown';
  while (Date.now() < deadline) {
    try {
      last = (await nodeExec(node, ['systemctl', 'is-system-running'])).trim();
    } catch (err) {
      last = err instanceof InfrastructureError ? (err.hint ?? err.message).trim() : String(err);
    }
    if (last === 'running' || last === 'degraded') return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new InfrastructureError(`systemd in node ${node} did not reach running within ${timeoutMs} ms; last: ${last}`, `docker exec ${node} systemctl --failed`);
}

export interface NodeContainerInfo {
  /** Docker's full container id. */
  id: string;
  name: string;
  role: NodeRole;
  running: boolean;
  ip: string | undefined;
}

/** Node containers of the cluster, from Docker labels. */
export async function listNodes(s: ClusterSettings): Promise<NodeContainerInfo[]> {
  const client = await docker();
  // Node containers carry a role; the registry and canary containers of the cluster do not.
  const list = await client.container.dockerode.listContainers({ all: true, filters: { label: [`${clusterLabel}=${s.name}`, roleLabel] } });
  return list
    .map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? '').replace(/^\//, ''),
      role: (c.Labels[roleLabel] ?? 'worker') as NodeRole,
      running: c.State === 'running',
      // dockerode types a network's IPAMConfig as any; the engine's API gives it an IPv4Address.
      ip: (c.NetworkSettings?.Networks?.[s.network]?.IPAMConfig as { IPv4Address?: string } | undefined)?.IPv4Address ?? c.NetworkSettings?.Networks?.[s.network]?.IPAddress,
    }))
    .filter((n) => n.name !== '')
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

/** Node loss: SIGKILL the node container, as a power cut would. */
export async function killNode(node: string): Promise<void> {
  const client = await docker();
  await client.container.dockerode.getContainer(node).kill({ signal: 'SIGKILL' });
}

/** Starts a stopped node container again and waits for its systemd. */
export async function startNode(node: string): Promise<void> {
  const client = await docker();
  await client.container.dockerode.getContainer(node).start();
  await waitForSystemd(node);
}

/** Removes a node container and its volume; tolerates their absence. */
export async function removeNode(node: string): Promise<void> {
  const d = (await docker()).container.dockerode;
  await d.getContainer(node).remove({ force: true, v: true }).catch(ignore404);
  await d.getVolume(volumeName(node)).remove().catch(ignore404);
}

export function ignore404(err: unknown): void {
  if ((err as { statusCode?: number }).statusCode === 404) return;
  throw err;
}
