import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { launchOutcome, markObservation, phasesFromMarks, scheduledEventTime, type PhaseMarks } from './launcher.js';
import { parseProbeResult } from './result.js';

const t0 = 1_800_000_000_000;

const pod = (o: { node?: string; sandbox?: boolean; running?: boolean; terminated?: boolean; ready?: boolean }): V1Pod => ({
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'probe' }], ...(o.node ? { nodeName: o.node } : {}) },
  status: {
    phase: o.terminated ? 'Succeeded' : o.running ? 'Running' : 'Pending',
    conditions: [
      ...(o.sandbox ? [{ type: 'PodReadyToStartContainers', status: 'True' }] : []),
      ...(o.ready ? [{ type: 'Ready', status: 'True' }] : []),
    ],
    containerStatuses: [
      {
        name: 'probe',
        image: 'x',
        imageID: 'x',
        ready: Boolean(o.ready),
        restartCount: 0,
        state: o.terminated
          ? { terminated: { exitCode: 0, startedAt: new Date(t0), finishedAt: new Date(t0) } }
          : o.running
            ? { running: { startedAt: new Date(t0) } }
            : { waiting: { reason: 'ContainerCreating' } },
      },
    ],
  },
});

describe('markObservation', () => {
  it('keeps the first receipt time of each state, one by one', () => {
    const m: PhaseMarks = { createSent: t0 };
    markObservation(m, pod({}), t0 + 5);
    markObservation(m, pod({ node: 'w1' }), t0 + 20.5);
    markObservation(m, pod({ node: 'w1', sandbox: true }), t0 + 400);
    markObservation(m, pod({ node: 'w1', sandbox: true, running: true, ready: true }), t0 + 900);
    markObservation(m, pod({ node: 'w1', sandbox: true, running: true, ready: true }), t0 + 950);
    markObservation(m, pod({ node: 'w1', sandbox: true, terminated: true }), t0 + 3000);
    expect(m).toEqual({ createSent: t0, scheduled: t0 + 20.5, sandboxReady: t0 + 400, containerStarted: t0 + 900, ready: t0 + 900, finished: t0 + 3000 });
  });

  it('a state the watch skipped takes the time of the state that implies it', () => {
    const m: PhaseMarks = { createSent: t0 };
    markObservation(m, pod({ node: 'w1' }), t0 + 30);
    markObservation(m, pod({ node: 'w1', terminated: true }), t0 + 1200);
    expect(m).toEqual({ createSent: t0, scheduled: t0 + 30, sandboxReady: t0 + 1200, containerStarted: t0 + 1200, finished: t0 + 1200 });
    expect(m.ready).toBeUndefined();
  });
});

describe('phasesFromMarks', () => {
  it('gives every phase in ms after the create request, total = container seen started, and the watch delay', () => {
    const r = phasesFromMarks({ createSent: t0, createAcked: t0 + 25, scheduled: t0 + 40, sandboxReady: t0 + 700, containerStarted: t0 + 900, probeStarted: t0 + 612.5, ready: t0 + 900, finished: t0 + 3000 });
    expect(r.phases).toEqual({ created: 25, scheduled: 40, sandboxReady: 700, containerStarted: 900, probeStarted: 612.5, ready: 900, finished: 3000, total: 900 });
    expect(r.watchDelayMs).toBe(287.5);
    expect(r.notes).toEqual([]);
  });

  it("drops a probe timestamp outside the run (clock skew) with a note, and keeps an in-range scheduler MicroTime", () => {
    const r = phasesFromMarks({ createSent: t0, containerStarted: t0 + 900, finished: t0 + 1000, probeStarted: t0 - 2000, scheduledEvent: t0 + 12.3 });
    expect(r.phases.probeStarted).toBeUndefined();
    expect(r.watchDelayMs).toBeUndefined();
    expect(r.phases.scheduledEvent).toBeCloseTo(12.3, 3); // epoch ms doubles keep ~0.2 µs
    expect(r.notes).toEqual(["probe's first timestamp -2000.0 ms after create lies outside the observed run (0 to 1000.0 ms): clock skew? dropped"]);
  });

  it('has no total when the container was never seen started', () => {
    expect(phasesFromMarks({ createSent: t0, createAcked: t0 + 10 }).phases).toEqual({ created: 10 });
  });
});

describe('scheduledEventTime', () => {
  it('reads the MicroTime of the Scheduled event and ignores events without one', () => {
    const events = [
      { reason: 'Pulled', eventTime: new Date(t0 + 500) },
      { reason: 'Scheduled', eventTime: new Date(t0 + 15) },
    ] as unknown as CoreV1Event[];
    expect(scheduledEventTime(events)).toBe(t0 + 15);
    expect(scheduledEventTime([{ reason: 'Scheduled', firstTimestamp: new Date(t0) }] as unknown as CoreV1Event[])).toBeUndefined();
  });
});

describe('launchOutcome', () => {
  const finished = pod({ node: 'w1', sandbox: true, terminated: true });
  const sample = readFileSync(new URL('../../fixtures/probe/testdata/sample-logs.txt', import.meta.url), 'utf8');

  it('a malformed result document is invalid, with the raw output attached', () => {
    const raw = 'SANDBOX_GAUNTLET_RESULT {"schema": "sandbox-gauntlet/probe-result/v1", "mode": "start", trunc';
    const o = launchOutcome({ pod: finished, podGone: false, result: parseProbeResult(raw), events: [], expectedMode: 'start' });
    expect(o.status).toBe('invalid');
    expect(o.reason).toMatch(/malformed JSON/);
    expect(o.raw).toBe(raw);
  });

  it('a good document of the asked mode succeeds; one of another mode is invalid', () => {
    const parsed = parseProbeResult(sample);
    expect(parsed.ok).toBe(true);
    const mode = parsed.ok ? parsed.result.mode : '';
    expect(launchOutcome({ pod: finished, podGone: false, result: parsed, events: [], expectedMode: mode })).toMatchObject({ status: 'succeeded' });
    const other = launchOutcome({ pod: finished, podGone: false, result: parsed, events: [], expectedMode: 'no-such-mode' });
    expect(other).toMatchObject({ status: 'invalid', reason: `the probe ran mode ${mode}, not no-such-mode` });
    expect(other.raw).toBeUndefined();
  });

  it('a refused create naming the RuntimeClass is runtime-unavailable; a run still going at the limit is timed-out', () => {
    expect(launchOutcome({ pod: undefined, podGone: false, result: undefined, events: [], expectedMode: 'start', createError: 'pods "x" is forbidden: RuntimeClass "gvisor" not found' }).status).toBe('runtime-unavailable');
    const pending = pod({ node: 'w1' });
    expect(launchOutcome({ pod: pending, podGone: false, result: undefined, events: [], expectedMode: 'start', timedOut: { budgetMs: 4000 } })).toMatchObject({
      status: 'timed-out',
      reason: expect.stringContaining('not finished within 4000 ms') as unknown,
    });
  });
});
