import { describe, expect, it } from 'vitest';
import type { V1DaemonSet, V1Deployment } from '@kubernetes/client-node';
import { crdsForApi, chaosMeshMode } from './install.js';
import { judgePresence, imageTag } from './presence.js';
import { fillTemplate, faultNames, renderFault } from './templates.js';
import { judgeInjection, describeStatus } from './status.js';
import { checkConnectBaseline, judgeClock, judgeCpuCores, judgeDelay, judgeLoss, judgePartition, BaselineError } from './judge-evidence.js';
import { loadExpectedMatrix, outcomeOf, runscOutcome } from './matrix.js';

const deployment = (available: number, image = 'registry.gauntlet.local/chaos-controller-manager:v2.7.1'): V1Deployment => ({
  metadata: { name: 'chaos-controller-manager', namespace: 'chaos-mesh' },
  spec: { selector: {}, template: { spec: { containers: [{ name: 'm', image }] } } },
  status: { availableReplicas: available },
});
const daemons = (available: number, desired = 3): V1DaemonSet => ({ metadata: { name: 'chaos-daemon', namespace: 'chaos-mesh' }, status: { numberAvailable: available, desiredNumberScheduled: desired, currentNumberScheduled: desired, numberMisscheduled: 0, numberReady: available } });

describe('Chaos Mesh presence', () => {
  it('is installed only with an available controller and every daemon, and reads the version from the image tag', () => {
    expect(judgePresence([deployment(1)], [daemons(3)])).toMatchObject({ installed: true, version: 'v2.7.1', namespace: 'chaos-mesh' });
    expect(judgePresence([], [])).toMatchObject({ installed: false, reason: expect.stringMatching(/^Chaos Mesh not installed: no Deployment/) as unknown });
    expect(judgePresence([deployment(0)], [daemons(3)])).toMatchObject({ installed: false, reason: expect.stringContaining('no available replica') as unknown });
    expect(judgePresence([deployment(1)], [daemons(2)])).toMatchObject({ installed: false, reason: expect.stringContaining('2 of 3 pods available') as unknown });
    expect(imageTag('host:5000/a/b@sha256:abc')).toBe('sha256:abc');
    expect(imageTag('host:5000/a/b')).toBe('latest');
  });
  it('GAUNTLET_CHAOS_MESH: on in CI by default, off otherwise, and refuses anything else', () => {
    expect(chaosMeshMode({ CI: 'true' })).toBe('on');
    expect(chaosMeshMode({})).toBe('off');
    expect(chaosMeshMode({ CI: 'true', GAUNTLET_CHAOS_MESH: 'off' })).toBe('off');
    expect(() => chaosMeshMode({ GAUNTLET_CHAOS_MESH: 'yes' })).toThrow(/neither "on" nor "off"/);
  });
});

describe('Chaos Mesh CRDs brought level with the api module', () => {
  it("adds partitionBehavior wherever a NetworkChaos spec's schema is, and nowhere else", () => {
    const spec = { properties: { action: { enum: ['delay', 'partition'] }, direction: {}, target: {} } };
    const other = { properties: { action: { enum: ['pod-kill'] } } };
    const out = crdsForApi(`a:\n  spec: ${JSON.stringify(spec)}\n  other: ${JSON.stringify(other)}\n`);
    expect(out.match(/partitionBehavior/g)?.length).toBe(1);
    expect(out).toMatch(/enum:\n\s+- drop\n\s+- reject/);
  });
});

describe('Chaos Mesh templates', () => {
  it('fills every placeholder outside comments and refuses a missing one', () => {
    expect(fillTemplate('# ${X} stays\nname: ${X}', { X: 'a' }, 't')).toBe('# ${X} stays\nname: a');
    expect(() => fillTemplate('name: ${Y}', {}, 'tmpl.yaml')).toThrow(/tmpl.yaml needs \$\{Y\}/);
  });
  it('renders every fault of the matrix with the run labels', () => {
    for (const f of faultNames) {
      const o = renderFault(f, { NAME: 'n', NAMESPACE: 'ns', TARGET_POD: 'p', DURATION: '5s', PEER_IP: '10.0.0.1' }, { run: 'r' });
      expect(o.metadata).toMatchObject({ name: 'n', namespace: 'ns', labels: { run: 'r' } });
      expect(JSON.stringify(o.spec)).toContain('"ns":["p"]');
    }
  });
  it('has an expected outcome for every fault under both runtimes', () => {
    const m = loadExpectedMatrix();
    for (const f of faultNames) expect(m[f], f).toMatchObject({ runc: expect.any(String) as unknown, runsc: expect.any(String) as unknown });
  });
});

describe('Chaos Mesh status', () => {
  it('is injected on AllInjected, failed on a failed Apply event, undecided otherwise', () => {
    expect(judgeInjection({ conditions: [{ type: 'AllInjected', status: 'True' }] })).toEqual({ injected: true });
    expect(judgeInjection({ experiment: { containerRecords: [{ id: 'ns/p', events: [{ type: 'Failed', operation: 'Apply', message: 'unable to set tcs' }] }] } })).toEqual({ injected: false, message: 'ns/p: unable to set tcs' });
    expect(judgeInjection({ conditions: [{ type: 'AllInjected', status: 'False' }] })).toBeUndefined();
    expect(describeStatus(undefined)).toBe('no status yet');
  });
});

describe('evidence of a fault', () => {
  const ok = { ok: 3, failed: 0, p50Ms: 0.5, errors: [] };
  it('a partition is seen only when no connect gets through', () => {
    expect(judgePartition({ ok: 0, failed: 3, p50Ms: null, errors: ['TimeoutError'] }).effect).toBe(true);
    expect(judgePartition({ ok: 1, failed: 2, p50Ms: 1, errors: ['TimeoutError'] }).effect).toBe(false);
  });
  it('a baseline that cannot show the effect is an error, never "no effect"', () => {
    expect(() => checkConnectBaseline({ ok: 2, failed: 1, p50Ms: 1, errors: ['TimeoutError'] })).toThrow(BaselineError);
    expect(() => checkConnectBaseline(ok)).not.toThrow();
  });
  it('delay, loss, CPU and clock need at least half the configured effect', () => {
    expect(judgeDelay(ok, { ...ok, p50Ms: 100.6 }).effect).toBe(true);
    expect(judgeDelay(ok, { ...ok, p50Ms: 99 }).effect).toBe(false);
    expect(judgeLoss({ sent: 40, received: 31 }).effect).toBe(false);
    expect(judgeLoss({ sent: 40, received: 20 }).effect).toBe(true);
    expect(judgeCpuCores(0.01, 0.3).effect).toBe(true);
    expect(judgeCpuCores(0.01, 0.2).effect).toBe(false);
    expect(judgeClock(200, -3_599_000).effect).toBe(true);
    expect(judgeClock(200, 0).effect).toBe(false);
  });
});

describe('the matrix outcome', () => {
  it('works, silently no effect, fails loudly; runsc undetermined when the runc control showed nothing', () => {
    expect(outcomeOf({ injection: { injected: true }, evidence: { effect: true, detail: '' } })).toBe('works');
    expect(outcomeOf({ injection: { injected: true }, evidence: { effect: false, detail: '' } })).toBe('silently-no-effect');
    expect(outcomeOf({ injection: { injected: false, message: 'x' } })).toBe('fails-loudly');
    expect(runscOutcome('works', 'silently-no-effect')).toBe('silently-no-effect');
    expect(runscOutcome('fails-loudly', 'fails-loudly')).toBe('undetermined');
    expect(runscOutcome('silently-no-effect', 'works')).toBe('works');
  });
});
