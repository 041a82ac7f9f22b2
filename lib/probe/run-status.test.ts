import { readFileSync } from 'node:fs';
import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { parseProbeResult } from './result.js';
import { classifyProbeRun } from './run-status.js';

const sample = readFileSync(new URL('../../fixtures/probe/testdata/sample-termination-message.json', import.meta.url), 'utf8');
const goodDoc = parseProbeResult(sample);

const terminatedPod = (exitCode: number, reason = exitCode === 0 ? 'Completed' : 'Error'): V1Pod => ({
  status: { phase: exitCode === 0 ? 'Succeeded' : 'Failed', containerStatuses: [{ name: 'probe', image: 'p', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode, reason } } }] },
});
const runningPod: V1Pod = { status: { phase: 'Running' } };

describe('classifyProbeRun', () => {
  it('is succeeded only with a document and exit 0', () => {
    expect(goodDoc.ok).toBe(true);
    expect(classifyProbeRun({ pod: terminatedPod(0), result: goodDoc }).status).toBe('succeeded');
    expect(classifyProbeRun({ pod: terminatedPod(1), result: goodDoc }).status).toBe('failed');
  });

  it('calls exit 0 without a document invalid, not succeeded', () => {
    const c = classifyProbeRun({ pod: terminatedPod(0), result: parseProbeResult('hello') });
    expect(c.status).toBe('invalid');
    expect(c.reason).toContain('no result document');
  });

  it('reports a missing runtime handler as runtime-unavailable, before any timeout', () => {
    const c = classifyProbeRun({
      pod: { status: { phase: 'Pending' } },
      events: [{ reason: 'FailedCreatePodSandBox', message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for "runsc" is configured' }],
      timedOut: { budgetMs: 1000 },
    });
    expect(c.status).toBe('runtime-unavailable');
    expect(classifyProbeRun({ createError: 'pods "p" is forbidden: pod rejected: RuntimeClass "gvisor" not found' }).status).toBe('runtime-unavailable');
  });

  it('does not mistake a CNI sandbox failure for a missing runtime', () => {
    const c = classifyProbeRun({
      pod: { status: { phase: 'Pending' } },
      events: [{ reason: 'FailedCreatePodSandBox', message: 'plugin type="bridge" failed (add): failed to allocate' }],
      timedOut: { budgetMs: 1000 },
    });
    expect(c.status).toBe('timed-out');
  });

  it('calls an OOM-killed container oom-killed', () => {
    expect(classifyProbeRun({ pod: terminatedPod(137, 'OOMKilled') }).status).toBe('oom-killed');
  });

  it('calls a run whose node vanished lost, neither failed nor passed', () => {
    expect(classifyProbeRun({ pod: runningPod, nodeLost: true }).status).toBe('lost');
    expect(classifyProbeRun({ podGone: true }).status).toBe('lost');
  });

  it('keeps a document that arrived before the node was lost', () => {
    expect(classifyProbeRun({ pod: terminatedPod(0), result: goodDoc, nodeLost: true }).status).toBe('succeeded');
  });

  it('names the budget and the load that set it when timed out', () => {
    const load = { cpuUtilization: { mean: 0.5, max: 0.9 }, memoryUtilization: { mean: 0.2, max: 0.3 }, pendingPods: 3, harnessConcurrency: 8, nodeCount: 2 };
    const c = classifyProbeRun({ pod: runningPod, timedOut: { budgetMs: 4200, load } });
    expect(c.status).toBe('timed-out');
    expect(c.reason).toContain('4200 ms');
    expect(c.reason).toContain('cpu mean 50%');
  });

  it('refuses to classify a run that is still going', () => {
    expect(() => classifyProbeRun({ pod: runningPod })).toThrow(/not ended/);
  });
});
