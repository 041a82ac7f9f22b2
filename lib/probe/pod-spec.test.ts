import { describe, expect, it } from 'vitest';
import { defaultProbeImage, probeImage, probePod } from './pod-spec.js';

describe('probePod', () => {
  it('asks for the gVisor RuntimeClass under runsc and for none under runc', () => {
    const runsc = probePod({ name: 'p', runtime: 'runsc', args: ['start'] });
    const runc = probePod({ name: 'p', runtime: 'runc', args: ['start'] });
    expect(runsc.spec?.runtimeClassName).toBe('gvisor');
    expect(runc.spec?.runtimeClassName).toBeUndefined();
  });

  it('pins to a node by hostname label and never mounts a token by default', () => {
    const pod = probePod({ name: 'p', runtime: 'runc', args: ['identity'], node: 'w1' });
    expect(pod.spec?.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'w1' });
    expect(pod.spec?.automountServiceAccountToken).toBe(false);
    expect(pod.spec?.containers[0]?.args).toEqual(['identity']);
  });

  it('takes the image from GAUNTLET_PROBE_IMAGE, defaults to the local registry, and pulls it if not present', () => {
    expect(probeImage({})).toBe('registry.gauntlet.local/probe:latest');
    expect(defaultProbeImage).toBe('registry.gauntlet.local/probe:latest');
    expect(probeImage({ GAUNTLET_PROBE_IMAGE: 'reg.example/p:1' })).toBe('reg.example/p:1');
    expect(probePod({ name: 'p', runtime: 'runc', args: [] }).spec?.containers[0]?.imagePullPolicy).toBe('IfNotPresent');
  });
});
