/**
 * The "internet" canary of the local cluster: the probe's serve-canary in a container on a
 * Docker network of its own, so the cluster's egress guard (DOCKER-USER drops whatever enters
 * the node bridge and would leave it) keeps every pod away from it. A control run gets through
 * only through a permit: two ACCEPT rules above the guard for exactly this container, inserted
 * while the control pods run and deleted right after. The guard itself is never touched, and
 * nothing leaves the machine: the canary is a container here.
 */
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docker } from '../cluster/docker.js';
import { bridgeName } from '../cluster/host-network.js';
import { runLogged } from '../cluster/run-script.js';
import { clusterLabel, clusterSettings, hostAddress } from '../cluster/settings.js';
import { InfrastructureError } from '../errors.js';

export const canaryNetwork = 'gauntlet-canary-net';
export const canaryContainer = 'gauntlet-canary-internet';
/** The probe as fixtures/probe/build.sh tags it on this machine's Docker engine. */
const localProbeBuild = 'gauntlet.local/probe:latest';
const httpPort = 8080;
const dnsPort = 5353;
const readyLine = 'SANDBOX_GAUNTLET_CANARY_READY';
const permitComment = 'sandbox-gauntlet: control permit to the internet canary';

export interface InternetCanary {
  ip: string;
  url: string;
  /** host:port of its DNS server (TXT answers carry the token). */
  dns: string;
  openPermit(): Promise<void>;
  closePermit(): Promise<void>;
  /** Closes the permit and removes the container, the network and the token file. */
  stop(): Promise<void>;
}

const subnet = (): string => process.env.GAUNTLET_CANARY_SUBNET ?? '172.30.98.0/24';

async function networkId(name: string): Promise<string | undefined> {
  const d = (await docker()).container.dockerode;
  return (await d.listNetworks({ filters: { name: [name] } })).find((n) => n.Name === name)?.Id;
}

const permitRules = (clusterBridge: string, canaryBridge: string, ip: string): string[][] => [
  ['DOCKER-USER', '-i', clusterBridge, '-o', canaryBridge, '-d', `${ip}/32`, '-m', 'comment', '--comment', permitComment, '-j', 'ACCEPT'],
  ['DOCKER-USER', '-i', canaryBridge, '-o', clusterBridge, '-s', `${ip}/32`, '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-m', 'comment', '--comment', permitComment, '-j', 'ACCEPT'],
];

async function ruleExists(rule: string[]): Promise<boolean> {
  return runLogged('iptables', ['-C', ...rule], { component: 'canary permit' }).then(
    () => true,
    () => false,
  );
}

/** Deletes permit rules an interrupted earlier run left in DOCKER-USER (found by their comment). */
async function removeStalePermits(): Promise<void> {
  const listing = await runLogged('iptables', ['-S', 'DOCKER-USER'], { component: 'canary permit' });
  for (const line of listing.split('\n')) {
    if (!line.startsWith('-A DOCKER-USER ') || !line.includes(permitComment)) continue;
    // iptables -S quotes the comment; split it back into arguments.
    const args = [...line.slice(3).matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
    await runLogged('iptables', ['-D', ...args], { component: 'canary permit' });
  }
}

/** Starts the internet canary serving the token file; removes a leftover of an earlier run first. */
export async function startInternetCanary(token: string, signal?: AbortSignal): Promise<InternetCanary> {
  const d = (await docker()).container.dockerode;
  const s = clusterSettings();
  const clusterNet = await networkId(s.network);
  if (!clusterNet) throw new InfrastructureError(`docker network ${s.network} not found`, 'the internet canary needs the local cluster: `gauntlet cluster up`');
  await d.getContainer(canaryContainer).remove({ force: true }).catch(() => undefined);

  let canaryNet = await networkId(canaryNetwork);
  if (!canaryNet) {
    const net = await d.createNetwork({
      Name: canaryNetwork,
      Driver: 'bridge',
      Labels: { [clusterLabel]: s.name },
      IPAM: { Config: [{ Subnet: subnet(), Gateway: hostAddress(subnet(), 1) }] },
    });
    canaryNet = net.id;
  }
  const ip = hostAddress(subnet(), 10);
  const dir = mkdtempSync(join(tmpdir(), 'gauntlet-canary-'));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'token'), token, { mode: 0o644 });
  const container = await d.createContainer({
    name: canaryContainer,
    // A container of this machine's Docker engine: the local build, not the registry copy.
    Image: localProbeBuild,
    Cmd: ['serve-canary', '--token-file', '/canary/token', '--port', String(httpPort), '--dns-port', String(dnsPort)],
    Labels: { [clusterLabel]: s.name },
    HostConfig: { Binds: [`${dir}:/canary:ro`], NetworkMode: canaryNetwork, AutoRemove: false },
    NetworkingConfig: { EndpointsConfig: { [canaryNetwork]: { IPAMConfig: { IPv4Address: ip } } } },
  });
  await removeStalePermits();
  const rules = permitRules(bridgeName(clusterNet), bridgeName(canaryNet), ip);
  const closePermit = async (): Promise<void> => {
    for (const r of rules) while (await ruleExists(r)) await runLogged('iptables', ['-D', ...r], { component: 'canary permit' });
  };
  const stop = async (): Promise<void> => {
    await closePermit();
    await container.remove({ force: true }).catch(() => undefined);
    const id = await networkId(canaryNetwork);
    if (id) await d.getNetwork(id).remove().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await container.start();
    const deadline = Date.now() + 15_000;
    for (;;) {
      signal?.throwIfAborted();
      const logs = (await container.logs({ stdout: true, stderr: true })).toString();
      if (logs.includes(readyLine)) break;
      const state = await container.inspect();
      if (!state.State.Running || Date.now() > deadline) {
        throw new InfrastructureError(`the internet canary did not start (running: ${state.State.Running})`, logs.slice(-500));
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    ip,
    url: `http://${ip}:${httpPort}/`,
    dns: `${ip}:${dnsPort}`,
    openPermit: async () => {
      for (const r of rules) if (!(await ruleExists(r))) await runLogged('iptables', ['-I', ...r], { component: 'canary permit' });
    },
    closePermit,
    stop,
  };
}

/** Lines the canary logged for each request it answered (its own evidence of who reached it). */
export async function internetCanaryHits(): Promise<string[]> {
  const d = (await docker()).container.dockerode;
  const logs = (await d.getContainer(canaryContainer).logs({ stdout: true })).toString();
  return logs.split('\n').filter((l) => l.includes('SANDBOX_GAUNTLET_CANARY_HIT'));
}
