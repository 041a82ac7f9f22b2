import { describe, expect, it } from 'vitest';
import { batchHolds, untilStarted } from './start-batch.js';

/** Whether `p` has settled once pending callbacks have run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('batchHolds', () => {
  it('releases no pod of a batch until every pod has started or ended', async () => {
    const holds = batchHolds(3);
    holds[0]?.onStarted();
    holds[2]?.onStarted();
    expect(await settled(holds[0]!.release)).toBe(false);
    holds[1]?.onStarted();
    expect(await Promise.all(holds.map((h) => settled(h.release)))).toEqual([true, true, true]);
  });

  it('a pod told twice counts once', async () => {
    const holds = batchHolds(2);
    holds[0]?.onStarted();
    holds[0]?.onStarted();
    expect(await settled(holds[1]!.release)).toBe(false);
  });
});

describe('untilStarted', () => {
  it('releases its one pod as soon as it has started', async () => {
    const hold = untilStarted();
    expect(await settled(hold.release)).toBe(false);
    hold.onStarted();
    expect(await settled(hold.release)).toBe(true);
  });
});
