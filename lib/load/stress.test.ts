import { describe, expect, it } from 'vitest';
import { defaultToolsImage } from '../images.js';
import { stressPod } from './stress.js';

describe('stressPod', () => {
  it('is a tools-image busy loop pinned to its node, with request = limit = the CPU share', () => {
    const p = stressPod('cpu-stress-0', 'gauntlet-worker', 400, { 'sandbox-gauntlet.dev/run-id': 'r1' });
    const c = p.spec?.containers[0];
    expect(p.spec?.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'gauntlet-worker' });
    expect(c).toMatchObject({ image: defaultToolsImage, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'while :; do :; done'] });
    expect(c?.resources?.requests?.cpu).toBe('400m');
    expect(c?.resources?.limits?.cpu).toBe('400m');
    expect(p.metadata?.labels).toEqual({ 'sandbox-gauntlet.dev/run-id': 'r1', 'sandbox-gauntlet.dev/role': 'cpu-stress' });
  });
});
