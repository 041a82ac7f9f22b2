import { describe, expect, it } from 'vitest';
import { judgeEnforcement, parseEgressLines, reachableBefore, stoppedAfterTries, type EgressLine } from './egress-watch.js';

const line = (t: number, victim: 'ok' | 'fail', service: 'ok' | 'fail' = 'ok', dns: 'ok' | 'fail' = 'ok'): EgressLine => ({ t, victim, service, dns });
const series = (from: number, n: number, victim: 'ok' | 'fail', service: 'ok' | 'fail' = 'ok'): EgressLine[] =>
  Array.from({ length: n }, (_, i) => line(from + i * 200, victim, service));

describe('parseEgressLines', () => {
  it('reads the client lines and skips anything else', () => {
    const log = 'noise\negress t=1000 victim=ok service=ok dns=ok\negress t=1200 victim=fail service=ok dns=fail\nbroken t=x\n';
    expect(parseEgressLines(log)).toEqual([line(1000, 'ok'), line(1200, 'fail', 'ok', 'fail')]);
  });
});

describe('judgeEnforcement', () => {
  it('times enforcement from the policy to the first try of the final blocked run', () => {
    const lines = [...series(0, 5, 'ok'), ...series(1000, 3, 'ok'), ...series(1600, stoppedAfterTries + 2, 'fail')];
    const v = judgeEnforcement(lines, 900);
    expect(v).toMatchObject({ kind: 'enforced', afterMs: 700, allowedKept: true });
  });

  it('is not enforced while the victim still answers after the policy (a silently ignored policy)', () => {
    const v = judgeEnforcement([...series(0, 5, 'ok'), ...series(1000, 20, 'ok')], 900);
    expect(v.kind).toBe('not-yet');
    expect(v.detail).toMatch(/victim last answered/);
  });

  it('does not take a blip for enforcement: a success after blocked tries restarts the count', () => {
    const lines = [...series(1000, stoppedAfterTries, 'fail'), line(3000, 'ok'), ...series(3200, 2, 'fail')];
    expect(judgeEnforcement(lines, 900).kind).toBe('not-yet');
  });

  it('reports when the policy also cut what it allows', () => {
    const v = judgeEnforcement(series(1000, stoppedAfterTries + 1, 'fail', 'fail'), 900);
    expect(v).toMatchObject({ kind: 'enforced', allowedKept: false });
  });
});

describe('reachableBefore', () => {
  it('needs tries before the policy on which victim, service and DNS all answered', () => {
    expect(reachableBefore(series(0, 3, 'ok'), 1000)).toBe(true);
    expect(reachableBefore(series(0, 3, 'ok', 'fail'), 1000)).toBe(false);
    expect(reachableBefore(series(2000, 3, 'ok'), 1000)).toBe(false);
  });
});
