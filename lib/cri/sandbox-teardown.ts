/**
 * A deleted probe's sandbox torn down on its node, seen in containerd's own journal (its
 * StopPodSandbox returned: for runsc the Sentry and gofer are gone, the pod network released),
 * before the next start of the same condition: a start that overlaps the last one's teardown
 * pays for it, and runsc's teardown is the heavier one.
 */
import { pollSource } from '../chaos/poll-source.js';
import type { NodeShell } from '../node-access/node-shell.js';
import { envScaled, sandboxTeardownMs } from '../timeouts.js';
import { waitFor } from '../wait.js';
import { stoppedSandboxes } from './containerd-log.js';
import { readContainerdJournal } from './read-cri-phases.js';

/** How often the journal is read while a teardown is awaited. */
const teardownPollMs = 250;

/** Waits until every sandbox of `ids` on `node` was stopped since `sinceEpochMs`; resolves to the ms waited. */
export async function waitSandboxesStopped(shell: NodeShell, node: string, ids: readonly string[], sinceEpochMs: number): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await waitFor<Set<string>, undefined>({
    what: `${ids.length} probe sandbox(es) on ${node} stopped (containerd's StopPodSandbox returned)`,
    source: pollSource(async () => stoppedSandboxes(await readContainerdJournal(shell, node, sinceEpochMs)), teardownPollMs),
    until: (stopped) => {
      const left = ids.filter((id) => !stopped?.has(id));
      return left.length === 0 ? { done: true, value: undefined, state: 'all stopped' } : { done: false, state: `${left.length} still running: ${left.map((id) => id.slice(0, 12)).join(', ')}` };
    },
    timeoutMs: envScaled(sandboxTeardownMs),
  });
  return result.elapsedMs;
}
