/**
 * In-node faults written once against a NodeShell (lib/node-access/node-shell.ts), so the
 * node agent (any cluster) and docker exec (local cluster) share them.
 */
import { receiptTime } from '../kube/receipt-time.js';
import type { NodeShell } from '../node-access/node-shell.js';
import { envScaled } from '../timeouts.js';
import { waitFor, type WaitResult } from '../wait.js';
import { pollSource } from './poll-source.js';
import { containerdRestartMs } from './timeouts.js';

interface UnitState {
  active: string;
  /** systemd's monotonic start stamp of the main process: changes on every restart. */
  startedMono: string;
}

export async function unitState(shell: NodeShell, node: string, unit: string): Promise<UnitState> {
  const out = await shell.exec(node, ['systemctl', 'show', unit, '-p', 'ActiveState', '-p', 'ExecMainStartTimestampMonotonic']);
  const get = (k: string): string => new RegExp(`^${k}=(.*)$`, 'm').exec(out)?.[1]?.trim() ?? '';
  return { active: get('ActiveState'), startedMono: get('ExecMainStartTimestampMonotonic') };
}

/** When containerd's current main process started (systemd monotonic µs); changes only when it restarts. */
export const containerdStartStamp = async (shell: NodeShell, node: string): Promise<string> => (await unitState(shell, node, 'containerd')).startedMono;

/**
 * `systemctl restart containerd`, queued without blocking (the command's own exec stream may
 * run through the containerd being restarted), then waits until a new containerd is active.
 */
export async function restartContainerdVia(shell: NodeShell, node: string): Promise<{ at: number; back: WaitResult<UnitState> }> {
  const before = await unitState(shell, node, 'containerd');
  const at = receiptTime();
  try {
    await shell.exec(node, ['systemctl', '--no-block', 'restart', 'containerd']);
  } catch {
    // The stream may break as containerd goes down; whether the restart happened is checked below.
  }
  const back = await waitFor<UnitState, UnitState>({
    what: `containerd on ${node} restarted and active (was started at monotonic ${before.startedMono})`,
    source: pollSource(() => unitState(shell, node, 'containerd')),
    until: (s) =>
      s && s.active === 'active' && s.startedMono !== before.startedMono && s.startedMono !== '0'
        ? { done: true, value: s, state: `active since ${s.startedMono}` }
        : { done: false, state: s ? `${s.active} since ${s.startedMono}` : 'unknown' },
    timeoutMs: envScaled(containerdRestartMs),
  });
  return { at, back };
}

/** Where the runsc shim lives on the node (the installer puts it in /usr/local/bin). */
export async function shimPath(shell: NodeShell, node: string): Promise<string> {
  return (await shell.exec(node, ['sh', '-c', 'command -v containerd-shim-runsc-v1'])).trim();
}

export const hiddenShimPath = (path: string): string => path.replace(/[^/]+$/, (b) => `.${b}.gauntlet-chaos-hidden`);

/** Moves the shim aside; returns the function that moves it back (idempotent). */
export async function hideShimVia(shell: NodeShell, node: string): Promise<{ path: string; at: number; restore: () => Promise<void> }> {
  const path = await shimPath(shell, node);
  const hidden = hiddenShimPath(path);
  const at = receiptTime();
  await shell.exec(node, ['mv', path, hidden]);
  return {
    path,
    at,
    restore: async () => {
      // Only if still hidden: a reinstalled shim (installer pod restarted) must not be overwritten.
      await shell.exec(node, ['sh', '-c', 'if [ -e "$1" ] && [ ! -e "$0" ]; then mv "$1" "$0"; else rm -f "$1"; fi', path, hidden]);
    },
  };
}
