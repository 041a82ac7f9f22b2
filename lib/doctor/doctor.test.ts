import type { V1RuntimeClass } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { NodeGvisorStatus } from '../gvisor/node-status.js';
import { checkGvisor, checkNodes, type DoctorReport } from './doctor.js';
import { renderDoctor } from './render.js';

const node = (name: string, patch: Partial<NodeGvisorStatus> = {}): NodeGvisorStatus => ({
  node: name,
  nodeReady: true,
  installed: true,
  configured: true,
  verified: true,
  labelled: true,
  installerPod: `installer-${name}`,
  installerReady: true,
  detail: 'installed,configured,verified',
  ...patch,
});
const rc: V1RuntimeClass = { handler: 'runsc', metadata: { name: 'gvisor' }, scheduling: { nodeSelector: { 'sandbox-gauntlet.dev/gvisor': 'ready' } } };
const labels = (...ready: string[]): Map<string, Record<string, string>> =>
  new Map(['cp', 'w1', 'w2'].map((n): [string, Record<string, string>] => [n, ready.includes(n) ? { 'sandbox-gauntlet.dev/gvisor': 'ready' } : {}]));

describe('doctor checks (pure parts)', () => {
  it('nodes: every node must be Ready', () => {
    expect(checkNodes([node('w1'), node('w2')]).status).toBe('ok');
    expect(checkNodes([node('w1'), node('w2', { nodeReady: false })])).toMatchObject({ status: 'fail', detail: '1 of 2 node(s) not Ready: w2' });
    expect(checkNodes([]).status).toBe('fail');
  });

  it('gVisor: ok when every selected node is verified, warn when only some are', () => {
    expect(checkGvisor([node('cp', { verified: false }), node('w1'), node('w2')], rc, labels('w1', 'w2'))).toMatchObject({ status: 'ok', detail: 'runsc verified on w1, w2' });
    const some = checkGvisor([node('w1'), node('w2', { verified: false, detail: 'install failed' })], rc, labels('w1', 'w2'));
    expect(some).toMatchObject({ status: 'warn' });
    expect(some.detail).toContain('not on w2 (install failed)');
  });

  it('gVisor: fails when no node the RuntimeClass selects is verified', () => {
    const r = checkGvisor([node('w1', { verified: false, detail: 'runsc missing' })], rc, labels('w1'));
    expect(r).toMatchObject({ status: 'fail' });
    expect(r.detail).toContain('no Ready node has runsc verified: w1 (runsc missing)');
    expect(checkGvisor([node('w1')], rc, labels()).detail).toContain("no node matches the RuntimeClass's node selector");
  });

  it('gVisor: installed by other means (no installer anywhere) is a warning, left to the identity test', () => {
    const r = checkGvisor([node('w1', { verified: false, installerPod: undefined })], { handler: 'runsc', metadata: { name: 'gvisor' } }, labels());
    expect(r.status).toBe('warn');
  });

  it('renders a table with hints for what failed', () => {
    const report: DoctorReport = {
      target: { server: 'https://x:6443', context: 'c', kubeconfig: '/k' },
      checks: [
        { name: 'API reachable', status: 'ok', detail: 'answers' },
        { name: 'RuntimeClass gvisor', status: 'fail', detail: 'missing', hint: 'install it' },
      ],
      nodes: [node('w1')],
      ok: false,
    };
    const text = renderDoctor(report);
    expect(text).toContain('CHECK                STATUS  DETAIL\nAPI reachable        ok      answers\nRuntimeClass gvisor  FAIL    missing');
    expect(text).toContain('FAIL RuntimeClass gvisor: install it');
    expect(text.trimEnd().split('\n').at(-1)).toBe('doctor: 1 check(s) failed; the suites cannot run here');
  });
});
