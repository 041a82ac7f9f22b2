import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeGate } from './gate.js';
import { judgeOverhead, judgePerformance } from './gate-performance.js';
import { renderGateMarkdown } from './gate-markdown.js';
import { gateSchema, sandboxOverheadSchema, type RunResults, type SandboxOverhead } from './gate-schema.js';
import { testThresholds } from './gate-test-data.js';

// The record of a real run on the local cluster (4 idle pods per runtime, 60 s idle).
const measured = (): SandboxOverhead => sandboxOverheadSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'overhead', 'testdata', 'overhead-record.json'), 'utf8')));
const t = testThresholds();
const onlyWorkloads = { start: false, workloads: true };

describe('the sandbox overhead in the performance area', () => {
  it('passes a complete measurement and notes the recommended pod overhead', () => {
    const area = judgePerformance([], t.performance, t.loadLimits, [], onlyWorkloads, [measured()]);
    expect(area.overhead?.verdict).toBe('PASS');
    expect(area.notes).toContain('recommended RuntimeClass gvisor overhead.podFixed: cpu 37m, memory 56Mi (informative; ' + measured().recommendation?.rule + ')');
  });

  it('fails a measurement with a pod whose processes were not found, with the reason', () => {
    const o = { ...measured(), errors: ['pod ns/oh-runsc-0 (runsc) on node w: no containerd bundle for id(s) deadbeefdead under <state>/io.containerd.runtime.v2.task/*/'] };
    const r = judgeOverhead(o);
    expect(r.verdict).toBe('FAIL');
    expect(r.reasons).toEqual([`sandbox overhead: ${o.errors[0]}`]);
    const area = judgePerformance([], t.performance, t.loadLimits, [], onlyWorkloads, [o]);
    expect(area.verdict).toBe('FAIL');
    expect(area.reasons).toContain(`sandbox overhead: ${o.errors[0]}`);
  });

  it('fails a measurement with no recommendation rather than show nothing', () => {
    const { recommendation: _dropped, ...o } = measured();
    expect(judgeOverhead({ ...o, summary: {} }).reasons).toEqual(['sandbox overhead: no recommendation, since not both runtimes had a pod measured']);
  });

  it('calls a measurement that did not finish inconclusive for infrastructure', () => {
    const r = judgeOverhead({ ...measured(), pods: [], summary: {}, recommendation: undefined, stopped: 'Timed out after 120000 ms waiting for pod ns/oh-runsc-0 Running' });
    expect(r).toMatchObject({ verdict: 'INCONCLUSIVE', causes: ['infrastructure'] });
  });

  it('judges the last measurement of the run', () => {
    const bad = { ...measured(), errors: ['x'] };
    expect(judgePerformance([], t.performance, t.loadLimits, [], onlyWorkloads, [bad, measured()]).overhead?.verdict).toBe('PASS');
  });
});

describe('gate.json and gate.md with the overhead', () => {
  const results: RunResults = { runId: 'r', performance: [], security: [], resilience: [], overhead: [measured()] };
  const gate = computeGate(results, t, { generatedAt: '2026-12-01T00:00:00Z' });

  it('carries the measurement and its recommendation through the gate schema', () => {
    const parsed = gateSchema.parse(JSON.parse(JSON.stringify(gate)));
    expect(parsed.areas.performance.overhead?.recommendation).toMatchObject({ cpuMillicores: 37, memoryMi: 56 });
  });

  it('shows the recommended pod overhead and the RuntimeClass YAML that carries it', () => {
    const md = renderGateMarkdown(gate);
    expect(md).toContain('**Recommended RuntimeClass `gvisor` overhead.podFixed: cpu 37m, memory 56Mi.**');
    expect(md).toContain('```yaml\napiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata:\n  name: gvisor\nhandler: runsc\noverhead:\n  podFixed:\n    cpu: 37m\n    memory: 56Mi\n');
    expect(md).toMatch(/\| runsc \| Sentry \(runsc-sandbox\) \| 1\.0 \| /);
    expect(md).toContain('the RuntimeClass sets no overhead');
  });
});

describe('metrics.prom with the overhead', () => {
  it('exports the recommended pod overhead', async () => {
    const { renderGateMetrics } = await import('./gate-metrics.js');
    const gate = computeGate({ runId: 'r', performance: [], security: [], resilience: [], overhead: [measured()] }, t, { generatedAt: '2026-12-01T00:00:00Z' });
    const text = await renderGateMetrics(gate);
    expect(text).toContain('gauntlet_recommended_pod_overhead{area="performance",runtime_class="gvisor",resource="memory_bytes"} 58720256');
    expect(text).toContain('gauntlet_recommended_pod_overhead{area="performance",runtime_class="gvisor",resource="cpu_cores"} 0.037');
  });
});

describe('junit-gate.xml with the overhead', () => {
  it('has a test case for the measurement that fails with the reason when a pod was not found', async () => {
    const { gateItems } = await import('./gate-junit-items.js');
    const bad = { ...measured(), errors: ['pod ns/oh-runsc-0 (runsc) on node w: no sentry process for sandbox ab34fedfe3c8'] };
    const gate = computeGate({ runId: 'r', performance: [], security: [], resilience: [], overhead: [bad] }, t, { generatedAt: '2026-12-01T00:00:00Z' });
    const item = gateItems(gate).find((i) => i.kind === 'overhead');
    expect(item?.outcome).toEqual({ status: 'failed', reasons: [`sandbox overhead: ${bad.errors[0]}`] });
    expect(item?.properties).toContainEqual(['recommended podFixed.memory', '56Mi']);
  });
});
