import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { sampleChaosResources } from '../../fixtures/chaos-mesh/samples.js';
import { awsInstanceOf, loadChaosMeshCrds, podChaos, toYaml, validateAgainstCrds, type ChaosResource } from './chaos-mesh.js';

const crds = loadChaosMeshCrds();
const ns = 'gauntlet-chaos-x';

const sampleResources = (): ChaosResource[] => sampleChaosResources(ns);

describe('Chaos Mesh resources', () => {
  it('loads the four CRDs of the pinned Chaos Mesh version', () => {
    expect(crds.map((c) => c.spec.names.kind).sort()).toEqual(['AWSChaos', 'NetworkChaos', 'PodChaos', 'StressChaos']);
  });

  it('builds resources that match the CRD schemas', () => {
    for (const r of sampleResources()) expect(validateAgainstCrds(r, crds), `${r.kind} ${r.metadata.name}`).toEqual([]);
  });

  it('finds a wrong action, an unknown field and a missing required field', () => {
    const bad = podChaos({ name: 'x', namespace: ns, action: 'pod-kill', selector: {} });
    bad.spec.action = 'pod-explode';
    bad.spec.colour = 'red';
    delete bad.spec.mode;
    const problems = validateAgainstCrds(bad, crds);
    expect(problems.join('\n')).toMatch(/pod-explode/);
    expect(problems.join('\n')).toMatch(/unknown field colour/);
    expect(problems.join('\n')).toMatch(/missing required field mode/);
  });

  it('writes YAML that reads back to the same objects', () => {
    const rs = sampleResources();
    expect(parseAllDocuments(toYaml(rs)).map((d) => d.toJS() as unknown)).toEqual(rs);
  });

  it('reads region and instance from an EKS providerID', () => {
    expect(awsInstanceOf('aws:///eu-west-1b/i-0abc123')).toEqual({ region: 'eu-west-1', instanceId: 'i-0abc123' });
    expect(() => awsInstanceOf('kind://docker/x')).toThrow(/not an AWS providerID/);
  });
});
