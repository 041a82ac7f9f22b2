import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { containerNames, eventsText, podsYaml } from './failure-evidence.js';

const pod = (name: string): V1Pod => ({
  metadata: { name, namespace: 'ns', managedFields: [{ manager: 'kubectl' }] },
  spec: { initContainers: [{ name: 'init' }], containers: [{ name: 'probe' }, { name: 'side' }] },
  status: { phase: 'Failed' },
});

describe('failure evidence', () => {
  it('renders pods as YAML documents without managedFields', () => {
    const docs = parseAllDocuments(podsYaml([pod('a'), pod('b')])).map((d) => d.toJS() as V1Pod & { kind: string });
    expect(docs.map((d) => d.metadata?.name)).toEqual(['a', 'b']);
    expect(docs[0]?.kind).toBe('Pod');
    expect(docs[0]?.metadata?.managedFields).toBeUndefined();
    expect(docs[0]?.status?.phase).toBe('Failed');
  });

  it('lists init containers before containers', () => {
    expect(containerNames(pod('a'))).toEqual(['init', 'probe', 'side']);
  });

  it('prints events oldest first with reason, object and repeat count', () => {
    const ev = (reason: string, t: string, count = 1): CoreV1Event => ({
      metadata: {},
      involvedObject: { kind: 'Pod', name: 'a' },
      reason,
      type: 'Warning',
      message: `${reason} happened`,
      lastTimestamp: new Date(t),
      count,
    });
    const text = eventsText([ev('BackOff', '2026-01-01T00:00:02Z', 3), ev('Failed', '2026-01-01T00:00:01Z')]);
    const lines = text.trim().split('\n');
    expect(lines[0]).toContain('Failed  Pod/a: Failed happened');
    expect(lines[1]).toContain('BackOff  Pod/a (x3): BackOff happened');
    expect(eventsText([])).toBe('(no events)\n');
  });
});
