/**
 * Node-side canaries, planted and removed as root on the node through a NodeShell
 * (lib/node-access: docker exec on the local cluster, a node agent elsewhere): the canary
 * file, the fake metadata address (local cluster only), and node facts the harness compares
 * with what a probe read.
 */
import { InfrastructureError } from '../errors.js';
import type { NodeShell } from '../node-access/node-shell.js';

/** Where the canary of a run lives on a node; the run id keeps concurrent runs apart. */
export const nodeCanaryDir = (runId: string): string => `/var/lib/sandbox-gauntlet/canary/${runId}`;
export const nodeCanaryPath = (runId: string): string => `${nodeCanaryDir(runId)}/token`;

/** Plants the token on the node (mode 0644 so the root-owned canary is readable by whoever reaches it). */
export async function plantNodeCanary(shell: NodeShell, node: string, runId: string, token: string): Promise<string> {
  const dir = nodeCanaryDir(runId);
  await shell.exec(node, ['sh', '-c', 'mkdir -p "$0" && umask 022 && cat > "$0/token"', dir], token);
  return nodeCanaryPath(runId);
}

/** Removes the run's canary and the parent directories it leaves empty; idempotent. */
export async function removeNodeCanary(shell: NodeShell, node: string, runId: string): Promise<void> {
  await shell.exec(node, ['sh', '-c', 'rm -rf --one-file-system "$0" && for d in "${0%/*}" "${0%/*/*}"; do [ ! -d "$d" ] || rmdir --ignore-fail-on-non-empty "$d"; done', nodeCanaryDir(runId)]);
}

/**
 * Messages of the node's newest kernel-log records. A probe that finds one of them in its
 * /dev/kmsg read the node's log; a sandbox kernel cannot produce them. The newest, because the
 * log wraps under pod churn and the oldest record moves.
 */
export async function nodeRecentKmsgRecords(shell: NodeShell, node: string, count = 30): Promise<string[]> {
  const out = await shell.exec(node, ['sh', '-c', `dd if=/dev/kmsg iflag=nonblock bs=16384 2>/dev/null | grep -v '^ ' | tail -n ${count}`]);
  return out
    .split('\n')
    .map((rec) => (rec.includes(';') ? rec.slice(rec.indexOf(';') + 1) : '').trim())
    .filter((m) => m !== '');
}

/**
 * Runs a precondition check on the node; true when it exits 0. The answer travels on stdout,
 * so a failing shell (an agent that cannot exec) throws instead of passing for "absent".
 */
export async function nodeHas(shell: NodeShell, node: string, check: string): Promise<boolean> {
  const out = (await shell.exec(node, ['sh', '-c', 'if sh -c "$0" >/dev/null 2>&1; then echo present; else echo absent; fi', check])).trim();
  if (out !== 'present' && out !== 'absent') throw new InfrastructureError(`precondition check on ${node} gave no answer: ${check}`, out.slice(-300));
  return out === 'present';
}

/** The link-local address every cloud serves instance metadata on. */
export const metadataAddress = '169.254.169.254';

/**
 * Puts the metadata address on the node's loopback, so pods reach the fake IMDS through their
 * node like a real one. Local cluster only: on a cloud node it would shadow the real metadata service.
 */
export async function addMetadataAddress(shell: NodeShell, node: string): Promise<void> {
  await shell.exec(node, ['sh', '-c', `ip -4 addr show dev lo | grep -q ' ${metadataAddress}/' || ip addr add ${metadataAddress}/32 dev lo`]);
}

export async function removeMetadataAddress(shell: NodeShell, node: string): Promise<void> {
  await shell.exec(node, ['sh', '-c', `! ip -4 addr show dev lo | grep -q ' ${metadataAddress}/' || ip addr del ${metadataAddress}/32 dev lo`]);
}
