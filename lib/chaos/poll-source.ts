/**
 * A StateSource for lib/wait.ts fed by polling, for states no Kubernetes watch delivers:
 * a command's output on a node, a list of pods by label. A failed read is reported as
 * trouble (kept as the timeout's cause) and polling goes on.
 */
import { isNotFound } from '../kube/client.js';
import { receiptTime } from '../kube/receipt-time.js';
import type { StateSource } from '../wait.js';
import { pollIntervalMs } from './timeouts.js';

export function pollSource<T>(read: () => Promise<T>, intervalMs: number = pollIntervalMs): StateSource<T> {
  return {
    start(sink) {
      let stopped = false;
      let timer: NodeJS.Timeout | undefined;
      const tick = async (): Promise<void> => {
        if (stopped) return;
        try {
          const value = await read();
          if (!stopped) sink.next({ type: 'LISTED', object: value, receivedAt: receiptTime() });
        } catch (err) {
          if (!stopped) sink.trouble(err);
        }
        if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
      };
      void tick();
      return () => {
        stopped = true;
        if (timer) clearTimeout(timer);
      };
    },
  };
}

/** Polls whether an object exists: `read` succeeding is true, a 404 false; any other error is trouble. */
export function existenceSource(read: () => Promise<unknown>, intervalMs: number = pollIntervalMs): StateSource<boolean> {
  return pollSource(async () => {
    try {
      await read();
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }, intervalMs);
}
