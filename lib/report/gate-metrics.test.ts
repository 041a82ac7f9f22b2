import { register } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { computeGate } from './gate.js';
import { renderGateMetrics } from './gate-metrics.js';
import type { RunResults } from './gate-schema.js';
import { attempt, condition, passingRun, scenario, testThresholds } from './gate-test-data.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const float = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?Inf|NaN)$/;
const types = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

/**
 * The text exposition format (0.0.4) checked strictly, line by line: HELP and TYPE at most once
 * per family and TYPE before its samples; a family's samples together; names, label names,
 * quoted and escaped label values, float values; no series twice; a final line feed.
 * Throws on the first rule broken; returns the samples with their label values unescaped.
 */
function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const typeOf = new Map<string, string>();
  const helped = new Set<string>();
  const sampled = new Set<string>();
  const series = new Set<string>();
  const samples: Sample[] = [];
  let current: string | undefined;
  text
    .slice(0, -1)
    .split('\n')
    .forEach((line, i) => {
      const fail = (why: string): never => {
        throw new Error(`line ${i + 1}: ${why}: ${line}`);
      };
      if (line.trim() === '') return;
      if (line.startsWith('#')) {
        const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
        if (!m) return; // any other comment
        const [, kind, name = '', rest = ''] = m;
        if (!metricName.test(name)) fail('bad metric name');
        if (kind === 'HELP') {
          if (helped.has(name)) fail('second HELP');
          if (/\\(?![\\n])/.test(rest)) fail('bad escape in HELP');
          helped.add(name);
        } else {
          if (typeOf.has(name)) fail('second TYPE');
          if (sampled.has(name)) fail('TYPE after the samples');
          if (!types.includes(rest)) fail('unknown type');
          typeOf.set(name, rest);
        }
        return;
      }
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?[ \t]+(\S+)(?:[ \t]+(-?\d+))?$/.exec(line) ?? fail('not a sample');
      const [, name = '', body = '', value = ''] = m;
      const labels: Record<string, string> = {};
      const pair = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\\n]|\\[\\"n])*)"\s*(,|$)/y;
      while (pair.lastIndex < body.length) {
        const p = pair.exec(body) ?? fail('bad label');
        const [, label = '', raw = ''] = p;
        if (label.startsWith('__')) fail('reserved label name');
        if (label in labels) fail('label twice');
        labels[label] = raw.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
      }
      if (!float.test(value)) fail('value is not a float');
      const family = typeOf.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
      if (family !== current && sampled.has(family)) fail('samples of a family apart');
      current = family;
      sampled.add(family);
      const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
      if (series.has(key)) fail('series twice');
      series.add(key);
      samples.push({ name, labels, value: Number(value) });
    });
  return { types: typeOf, samples };
}

/** The value of exactly one series: the metric with exactly these labels. */
function valueOf(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const same = (a: Record<string, string>): boolean => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(labels).sort());
  const found = samples.filter((s) => s.name === name && same(s.labels));
  expect(found.length, `${name} ${JSON.stringify(labels)}`).toBeLessThanOrEqual(1);
  return found[0]?.value;
}

const metricsOf = async (patch: (r: RunResults) => void = () => {}) => {
  const r = passingRun();
  patch(r);
  return renderGateMetrics(computeGate(r, testThresholds(), { generatedAt: '2025-08-05T10:00:00.000Z' }));
};

describe('metrics.prom', () => {
  it('parses as the text exposition format, every family a gauge with its help', async () => {
    const text = await metricsOf();
    const { types: t, samples } = parseExposition(text);
    expect(samples.length).toBeGreaterThan(50);
    expect([...t.values()].every((x) => x === 'gauge')).toBe(true);
    for (const s of samples) expect(t.has(s.name), s.name).toBe(true);
    expect(text).toMatch(/^# HELP gauntlet_gate_info /);
  });

  it('holds the figures of the sample gate, labelled by area, item and runtime', async () => {
    const { samples } = parseExposition(await metricsOf());
    const v = (name: string, labels: Record<string, string> = {}) => valueOf(samples, name, labels);
    expect(v('gauntlet_gate_info', { run_id: 'run-1', schema: 'sandbox-gauntlet/gate/v1' })).toBe(1);
    expect(v('gauntlet_gate_exit_code')).toBe(0);
    expect(v('gauntlet_gate_generated_timestamp_seconds')).toBe(Date.parse('2025-08-05T10:00:00.000Z') / 1000);
    expect(v('gauntlet_gate_overall_verdict', { verdict: 'PASS' })).toBe(1);
    for (const area of ['security', 'performance', 'resilience']) {
      expect(v('gauntlet_gate_verdict', { area, verdict: 'PASS' })).toBe(1);
      expect(v('gauntlet_gate_verdict', { area, verdict: 'FAIL' })).toBe(0);
      expect(v('gauntlet_gate_verdict', { area, verdict: 'INCONCLUSIVE' })).toBe(0);
      expect(v('gauntlet_gate_area_in_scope', { area })).toBe(1);
    }
    const c4 = { area: 'performance', item: 'concurrency-4' };
    expect(v('gauntlet_gate_item_verdict', { ...c4, verdict: 'PASS' })).toBe(1);
    const judged = 'added start cost CI upper bound (criRuntime)';
    expect(v('gauntlet_gate_figure_seconds', { ...c4, figure: judged })).toBeCloseTo(0.075, 9);
    expect(v('gauntlet_gate_figure_limit_seconds', { ...c4, figure: judged })).toBeCloseTo(0.3, 9);
    expect(v('gauntlet_gate_figure_within_limit', { ...c4, figure: judged })).toBe(1);
    expect(v('gauntlet_gate_figure_ratio', { ...c4, figure: 'total ratio CI upper bound (unjudged)' })).toBe(1.11);
    expect(v('gauntlet_gate_figure_limit_ratio', { ...c4, figure: 'total ratio CI upper bound (unjudged)' })).toBeUndefined();
    expect(v('gauntlet_performance_added_start_cost_seconds', { ...c4, clock: 'cri', bound: 'hi' })).toBeCloseTo(0.075, 9);
    expect(v('gauntlet_gate_figure_seconds', { area: 'performance', figure: 'worst added start cost CI upper bound' })).toBeCloseTo(0.075, 9);
    expect(v('gauntlet_performance_start_delta_seconds', { ...c4, bound: 'lo' })).toBeCloseTo(0.07, 9);
    expect(v('gauntlet_performance_start_delta_seconds', { ...c4, bound: 'hi' })).toBeCloseTo(0.11, 9);
    expect(v('gauntlet_performance_start_ratio', { ...c4, bound: 'estimate' })).toBe(1.09);
    expect(v('gauntlet_performance_pairs', { ...c4, outcome: 'succeeded' })).toBe(32);
    expect(v('gauntlet_performance_start_latency_seconds', { ...c4, runtime: 'runsc', phase: 'total', quantile: '0.5' })).toBeCloseTo(1.09, 9);
    expect(v('gauntlet_performance_start_latency_seconds', { ...c4, runtime: 'runc', phase: 'total', quantile: '0.99' })).toBeCloseTo(1.3, 9);
    expect(v('gauntlet_performance_start_samples', { ...c4, runtime: 'runc', phase: 'scheduled' })).toBe(32);
    expect(v('gauntlet_gate_figure_count', { area: 'security', figure: 'hardened runsc attempts' })).toBe(3);
    expect(v('gauntlet_security_attempts', { area: 'security', category: 'filesystem', verdict: 'blocked-by-gvisor' })).toBe(1);
    expect(v('gauntlet_security_attempts_judged', { area: 'security', category: 'network' })).toBe(1);
    const restart = { area: 'resilience', item: 'containerd-restart', runtime: 'runsc' };
    expect(v('gauntlet_gate_item_verdict', { ...restart, verdict: 'PASS' })).toBe(1);
    expect(v('gauntlet_gate_figure_seconds', { ...restart, figure: 'containerd-recovery' })).toBe(12);
    expect(v('gauntlet_gate_figure_limit_seconds', { ...restart, figure: 'containerd-recovery' })).toBe(60);
  });

  it('a failed, partial gate: FAIL states, figures beyond their limits, the area left out, a scenario not tried', async () => {
    const { samples } = parseExposition(
      await metricsOf((r) => {
        r.security.push(attempt('ptrace-host', { category: 'kernel', verdict: 'escaped' }));
        r.resilience = [scenario('gvisor-daemonset-delete', [], { skipped: 'missing optional permission' })];
        r.suites = [
          { project: 'isolation', area: 'security', exitCode: 0, tests: { total: 1, passed: 1, failed: 0, skipped: 0 }, failedTests: [], durationMs: 1 },
          { project: 'chaos', area: 'resilience', exitCode: 0, tests: { total: 1, passed: 1, failed: 0, skipped: 0 }, failedTests: [], durationMs: 1 },
        ];
      }),
    );
    const v = (name: string, labels: Record<string, string> = {}) => valueOf(samples, name, labels);
    expect(v('gauntlet_gate_exit_code')).toBe(1);
    expect(v('gauntlet_gate_overall_verdict', { verdict: 'FAIL' })).toBe(1);
    expect(v('gauntlet_gate_verdict', { area: 'security', verdict: 'FAIL' })).toBe(1);
    expect(v('gauntlet_gate_verdict', { area: 'security', verdict: 'PASS' })).toBe(0);
    expect(v('gauntlet_gate_figure_count', { area: 'security', figure: 'hardened runsc escapes' })).toBe(1);
    expect(v('gauntlet_gate_figure_within_limit', { area: 'security', figure: 'hardened runsc escapes' })).toBe(0);
    expect(v('gauntlet_security_attempts', { area: 'security', category: 'kernel', verdict: 'escaped' })).toBe(1);
    expect(v('gauntlet_gate_area_in_scope', { area: 'performance' })).toBe(0);
    expect(v('gauntlet_gate_verdict', { area: 'resilience', verdict: 'INCONCLUSIVE' })).toBe(1);
    expect(v('gauntlet_resilience_scenario_not_tried', { area: 'resilience', item: 'gvisor-daemonset-delete', runtime: 'runsc' })).toBe(1);
    expect(samples.some((s) => s.name === 'gauntlet_gate_item_verdict' && s.labels.item === 'gvisor-daemonset-delete')).toBe(false);
  });

  it('label values with quotes, backslashes and line breaks are escaped', async () => {
    const name = 'c "4" \\ \nsecond line';
    const { samples } = parseExposition(await metricsOf((r) => void (r.performance[1] = condition(4, { name }))));
    expect(valueOf(samples, 'gauntlet_performance_pairs', { area: 'performance', item: name, outcome: 'attempted' })).toBe(32);
  });

  it('the checker rejects what the format forbids', () => {
    const ok = '# HELP a_b x\n# TYPE a_b gauge\na_b{x="1"} 2\n';
    expect(parseExposition(ok).samples).toEqual([{ name: 'a_b', labels: { x: '1' }, value: 2 }]);
    for (const [bad, why] of [
      ['# TYPE a_b gauge\na_b{x="1"} 2', /line feed/],
      ['# TYPE a_b gauge\na_b{x=1} 2\n', /bad label/],
      ['# TYPE a_b gauge\na_b{x="1" y="2"} 2\n', /bad label/],
      ['# TYPE a_b gauge\na_b{x="1"} two\n', /not a float/],
      ['# TYPE a_b gauge\na_b{x="1"} 2\na_b{x="1"} 3\n', /series twice/],
      ['a_b{x="1"} 2\n# TYPE a_b gauge\n', /TYPE after the samples/],
      ['# TYPE a_b gauge\n# TYPE a_b counter\n', /second TYPE/],
      ['# TYPE a_b gauge\n# TYPE c gauge\na_b 1\nc 1\na_b{x="2"} 1\n', /samples of a family apart/],
      ['# TYPE 9a gauge\n', /bad metric name/],
      ['a_b{__x="1"} 2\n', /reserved label name/],
      ['a_b{x="bad\\t"} 2\n', /bad label/],
    ] as const) {
      expect(() => parseExposition(bad), bad).toThrow(why);
    }
  });

  it('uses a registry of its own: prom-client’s default registry stays empty and a second rendering is the same', async () => {
    const first = await metricsOf();
    expect(await metricsOf()).toBe(first);
    expect(register.getMetricsAsArray()).toHaveLength(0);
  });
});
