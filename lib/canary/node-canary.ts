/**
 * Node-side canaries of the local cluster, planted and removed through `docker exec` into
 * the node containers (lib/cluster/nodes.ts): the canary file, the fake metadata address, and
 * node facts the harness compares with what a probe read.
 */
import { nodeExec } from '../cluster/nodes.js';

/** Where the canary of a run lives on a node; the run id keeps concurrent runs apart. */
export const nodeCanaryDir = (runId: string): string => `/var/lib/sandbox-gauntlet/canary/${runId}`;
export const nodeCanaryPath = (runId: string): string => `${nodeCanaryDir(runId)}/token`;

/** Plants the token on the node (mode 0644 so the root-owned canary is readable by whoever reaches it). */
export async function plantNodeCanary(node: string, runId: string, token: string): Promise<string> {
  const dir = nodeCanaryDir(runId);
  await nodeExec(node, ['sh', '-c', 'mkdir -p "$0" && umask 022 && cat > "$0/token"', dir], token);
  return nodeCanaryPath(runId);
}

export async function removeNodeCanary(node: string, runId: string): Promise<void> {
  await nodeExec(node, ['sh', '-c', 'rm -rf --one-file-system "$0" && rmdir --ignore-fail-on-non-empty "${0%/*}" "${0%/*/*}"', nodeCanaryDir(runId)]);
}

/**
 * Messages of the node's newest kernel-log records. A probe that finds one of them in its
 * /dev/kmsg read the node's log; a sandbox kernel cannot produce them. The newest, because the
 * log wraps under pod churn and the oldest record moves.
 */
export async function nodeRecentKmsgRecords(node: string, count = 30): Promise<string[]> {
  const out = await nodeExec(node, ['sh', '-c', `dd if=/dev/kmsg iflag=nonblock bs=16384 2>/dev/null | grep -v '^ ' | tail -n ${count}`]);
  return out
    .split('\n')
    .map((rec) => (rec.includes(';') ? rec.slice(rec.indexOf(';') + 1) : '').trim())
    .filter((m) => m !== '');
}

/** Runs a precondition check on the node; true when it exits 0. */
export async function nodeHas(node: string, check: string): Promise<boolean> {
  return nodeExec(node, ['sh', '-c', check]).then(
    () => true,
    () => false,
  );
}

/** The link-local address every cloud serves instance metadata on. */
export const metadataAddress = '169.254.169.254';

/** Puts the metadata address on the node's loopback, so pods reach the fake IMDS through their node like a real one. */
export async function addMetadataAddress(node: string): Promise<void> {
  await nodeExec(node, ['sh', '-c', `ip -4 addr show dev lo | grep -q ' ${metadataAddress}/' || ip addr add ${metadataAddress}/32 dev lo`]);
}

export async function removeMetadataAddress(node: string): Promise<void> {
  await nodeExec(node, ['sh', '-c', `! ip -4 addr show dev lo | grep -q ' ${metadataAddress}/' || ip addr del ${metadataAddress}/32 dev lo`]);
}
