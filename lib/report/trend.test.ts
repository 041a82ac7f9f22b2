import { describe, expect, it } from 'vitest';
import { computeGate } from './gate.js';
import type { RunResults } from './gate-schema.js';
import { attempt, condition, criStartCost, passingRun, scenario, testThresholds } from './gate-test-data.js';
import { compareGates } from './trend.js';
import { renderTrendMarkdown } from './trend-markdown.js';

const gateFrom = (runId: string, patch: (r: RunResults) => void = () => {}) => {
  const r = passingRun();
  r.runId = runId;
  patch(r);
  return computeGate(r, testThresholds(), { generatedAt: '2025-08-05T10:00:00.000Z' });
};
const cost = (estimate: number, lo: number, hi: number) => ({ startCost: criStartCost(estimate, lo, hi) });

describe('compareGates', () => {
  const previous = gateFrom('run-1'); // every condition: added cost 60 [45, 75] ms on the CRI clock

  it('identical runs: no regressions', () => {
    const t = compareGates(gateFrom('run-2'), previous);
    expect(t).toEqual({ schema: 'sandbox-gauntlet/trend/v1', currentRunId: 'run-2', previousRunId: 'run-1', regressions: [], notes: [] });
    expect(renderTrendMarkdown(t)).toContain('No regressions.');
  });

  it('does not compare across runsc or Kubernetes versions unless asked, and says why', () => {
    const env = (runsc: string, kubelet = 'v1.34.4') => ({ apiServer: 'v1.34.4', harness: { version: '0.1.0', commit: 'abc' }, nodes: [{ name: 'w1', kubelet, containerRuntime: 'containerd://1.7.30', kernel: '6.18', osImage: 'Debian', runsc }] });
    const slower = (runsc: string) =>
      gateFrom('run-2', (r) => {
        r.environment = env(runsc);
        r.gvisorConfig = [{ node: 'w1', sandboxes: 1, runscVersion: runsc, flags: {}, findings: [] }];
        r.performance = [condition(1, cost(500, 400, 600)), condition(4), condition(8)];
      });
    const before = gateFrom('run-1', (r) => {
      r.environment = env('release-20250101');
      r.gvisorConfig = [{ node: 'w1', sandboxes: 1, runscVersion: 'release-20250101', flags: {}, findings: [] }];
    });
    expect(before.tested?.nodes[0]?.runsc).toBe('release-20250101');
    const skipped = compareGates(slower('release-20251201'), before);
    expect(skipped.regressions).toEqual([]);
    expect(skipped.notes.join()).toMatch(/not compared: the baseline was tested on other versions \(runsc release-20250101 then, release-20251201 now\)/);
    const forced = compareGates(slower('release-20251201'), before, { compareAcrossVersions: true });
    expect(forced.regressions.map((x) => x.kind)).toEqual(['start-overhead']);
    expect(compareGates(slower('release-20250101'), before).regressions.map((x) => x.kind)).toEqual(['start-overhead']);
  });

  it('start overhead: an added cost above the previous CI upper bound (75 ms) regresses; at the bound it does not', () => {
    const t = compareGates(
      gateFrom('run-2', (r) => {
        r.performance = [condition(1, cost(76, 60, 95)), condition(4, cost(75, 60, 90)), condition(8)];
      }),
      previous,
    );
    expect(t.regressions).toEqual([
      {
        kind: 'start-overhead',
        subject: 'concurrency-1',
        previous: 75,
        current: 76,
        message: "concurrency-1: runsc's added start cost (criRuntime) 76 ms is above the previous CI [45, 75] ms",
      },
    ]);
  });

  it('start overhead on another clock than before is not compared, and says so', () => {
    const onTotal = condition(1, { delta: { ...criStartCost(900, 800, 1000).delta } });
    delete onTotal.startCost;
    const t = compareGates(gateFrom('run-2', (r) => (r.performance = [onTotal, condition(4), condition(8)])), previous);
    expect(t.regressions).toEqual([]);
    expect(t.notes).toContain('concurrency-1: the added start cost is on total now and was on cri, so it is not compared');
  });

  it('start overhead as another statistic than before is not compared, and says so', () => {
    const asMedians = condition(1, cost(900, 800, 1000));
    asMedians.startCost = { ...asMedians.startCost!, delta: { ...asMedians.startCost!.delta, statistic: 'difference' } };
    const t = compareGates(gateFrom('run-2', (r) => (r.performance = [asMedians, condition(4), condition(8)])), previous);
    expect(t.regressions).toEqual([]);
    expect(t.notes).toContain('concurrency-1: the added start cost is a difference now and was a shift, so it is not compared');
  });

  it('new escapes: escaped now, not before (blocked before, or never attempted); old escapes are not new', () => {
    const before = gateFrom('run-1', (r) => r.security.push(attempt('old-hole', { verdict: 'escaped' })));
    const now = gateFrom('run-2', (r) => {
      r.security = r.security.map((a) => (a.id === 'mount-escape' ? { ...a, verdict: 'escaped' } : a));
      r.security.push(attempt('old-hole', { verdict: 'escaped' }), attempt('brand-new', { category: 'kernel', verdict: 'escaped' }));
      // A control escaping is by design, and runc is not the product: never regressions.
      r.security.push(attempt('ctl', { profile: 'control', runtime: 'runc', verdict: 'escaped' }));
      r.security.push(attempt('runc-only', { runtime: 'runc', verdict: 'escaped' }));
    });
    const t = compareGates(now, before);
    expect(t.regressions.map((r) => [r.kind, r.subject, r.previous])).toEqual([
      ['new-escape', 'mount-escape (runsc)', 'blocked-by-policy'],
      ['new-escape', 'brand-new (runsc)', null],
    ]);
  });

  it('slower recovery: more than 20 % growth regresses (12 000 → 14 401 ms), 20 % exactly does not (12 000 → 14 400)', () => {
    const at = (ms: number) =>
      gateFrom('run-2', (r) => {
        r.resilience[0] = scenario('containerd-restart', [{ name: 'containerd-recovery', valueMs: ms }]);
      });
    expect(compareGates(at(14_400), previous).regressions).toEqual([]);
    const t = compareGates(at(14_401), previous);
    expect(t.regressions).toEqual([
      {
        kind: 'slower-recovery',
        subject: 'containerd-restart (runsc) / containerd-recovery',
        previous: 12_000,
        current: 14_401,
        message: 'containerd-restart (runsc) / containerd-recovery: 14401 ms, was 12000 ms (+20 %, more than 20 %)',
      },
    ]);
  });

  it('the growth limit is configurable', () => {
    const now = gateFrom('run-2', (r) => {
      r.resilience[1] = scenario('node-loss', [
        { name: 'node-notready-detect', valueMs: 50_000 }, // +11 % over 45 000
        { name: 'reschedule', valueMs: 8_000 },
      ]);
    });
    expect(compareGates(now, previous).regressions).toEqual([]);
    expect(compareGates(now, previous, { maxRecoveryGrowth: 0.1 }).regressions.map((r) => r.subject)).toEqual(['node-loss (runsc) / node-notready-detect']);
  });

  it('conditions present in only one gate are notes', () => {
    const t = compareGates(gateFrom('run-2', (r) => (r.performance = [condition(1), condition(4), condition(16)])), previous);
    expect(t.regressions).toEqual([]);
    expect(t.notes).toEqual(['condition concurrency-16 is new in this run', 'condition concurrency-8 was measured before but not now']);
  });

  it('renders regressions with escapes first', () => {
    const now = gateFrom('run-2', (r) => {
      r.performance = [condition(1, cost(200, 150, 250)), condition(4), condition(8)];
      r.security.push(attempt('brand-new', { verdict: 'escaped' }));
    });
    const md = renderTrendMarkdown(compareGates(now, previous));
    expect(md.indexOf('New escape')).toBeGreaterThan(0);
    expect(md.indexOf('New escape')).toBeLessThan(md.indexOf('Start overhead grew'));
  });

  it('rejects a negative growth limit', () => {
    expect(() => compareGates(previous, previous, { maxRecoveryGrowth: -0.1 })).toThrow(RangeError);
  });
});
