/**
 * metrics.prom: the gate's figures in the Prometheus text exposition format, for a textfile
 * collector or a Pushgateway, rendered by prom-client from a registry of its own (never the
 * process-wide default one). Every family is a gauge: a run's numbers, not a live process's.
 *
 * Verdicts are state sets (one series per possible verdict, 1 for the one that holds), so
 * `gauntlet_gate_verdict{verdict="FAIL"} == 1` finds a failed area and a missing series means
 * no data. Times are seconds (Prometheus's base unit); gate.json's ms are divided by 1000.
 * Every series of one item carries area and item (condition, scenario; absent for the area's own
 * figures), and runtime where one applies.
 */
import { Gauge, Registry } from 'prom-client';
import { gateAreas, gateVerdicts, type GateVerdict } from '../vocabulary.js';
import { inScope } from './gate-markdown.js';
import type { Gate, GateFigure } from './gate-schema.js';
import { startCostOf } from './gate-performance.js';

const seconds = (ms: number): number => ms / 1000;
const quantiles = [
  ['0.5', 'p50'],
  ['0.95', 'p95'],
  ['0.99', 'p99'],
] as const;

export async function renderGateMetrics(gate: Gate): Promise<string> {
  const registry = new Registry();
  const gauge = <T extends string>(name: string, help: string, labelNames: readonly T[]): Gauge<T> => new Gauge({ name, help, labelNames, registers: [registry] });
  const states = (g: Gauge, labels: Record<string, string>, verdict: GateVerdict): void => {
    for (const v of gateVerdicts) g.set({ ...labels, verdict: v }, v === verdict ? 1 : 0);
  };

  gauge('gauntlet_gate_info', 'The run this gate judged (value always 1).', ['run_id', 'schema']).set({ run_id: gate.runId, schema: gate.schema }, 1);
  gauge('gauntlet_gate_generated_timestamp_seconds', 'When the gate was computed (Unix time).', []).set(Date.parse(gate.generatedAt) / 1000);
  gauge('gauntlet_gate_exit_code', 'Exit code of the gate: 0 pass, 1 failed or unproven, 2 the cluster kept it from judging.', []).set(gate.exitCode);
  states(gauge('gauntlet_gate_overall_verdict', 'Overall verdict: 1 for the verdict that holds.', ['verdict']), {}, gate.verdict);

  const areaVerdict = gauge('gauntlet_gate_verdict', 'Verdict per area: 1 for the verdict that holds.', ['area', 'verdict']);
  const areaInScope = gauge('gauntlet_gate_area_in_scope', '1 when the area counted toward the verdict, 0 when a partial run left it out.', ['area']);
  const itemVerdict = gauge('gauntlet_gate_item_verdict', 'Verdict per performance condition and resilience scenario: 1 for the verdict that holds.', ['area', 'item', 'runtime', 'verdict']);
  const figureLabels = ['area', 'item', 'runtime', 'figure'] as const;
  const figure = {
    ms: gauge('gauntlet_gate_figure_seconds', 'A figure of the gate that is a time.', figureLabels),
    ratio: gauge('gauntlet_gate_figure_ratio', 'A figure of the gate that is a ratio.', figureLabels),
    count: gauge('gauntlet_gate_figure_count', 'A figure of the gate that is a count.', figureLabels),
  };
  const limit = {
    ms: gauge('gauntlet_gate_figure_limit_seconds', 'The limit a time figure must not exceed.', figureLabels),
    ratio: gauge('gauntlet_gate_figure_limit_ratio', 'The limit a ratio figure must not exceed.', figureLabels),
    count: gauge('gauntlet_gate_figure_limit_count', 'The limit a count figure must not exceed.', figureLabels),
  };
  const within = gauge('gauntlet_gate_figure_within_limit', '1 when a figure with a limit is within it, 0 when not.', figureLabels);
  const figures = (where: { area: string; item?: string; runtime?: string }, fs: readonly GateFigure[]): void => {
    for (const f of fs) {
      const labels = { ...where, figure: f.name };
      const value = (x: number): number => (f.unit === 'ms' ? seconds(x) : x);
      figure[f.unit].set(labels, value(f.value));
      if (f.limit !== undefined) limit[f.unit].set(labels, value(f.limit));
      if (f.ok !== undefined) within.set(labels, f.ok ? 1 : 0);
    }
  };

  for (const area of gateAreas) {
    states(areaVerdict, { area }, gate.areas[area].verdict);
    areaInScope.set({ area }, inScope(gate, area) ? 1 : 0);
    figures({ area }, gate.areas[area].figures);
  }

  // Performance: per condition, the bootstrap CIs of runsc against runc, and each runtime's starts.
  const delta = gauge('gauntlet_performance_start_delta_seconds', 'median(runsc) - median(runc) start: the estimate and its confidence interval bounds.', ['area', 'item', 'bound']);
  const ratio = gauge('gauntlet_performance_start_ratio', 'median(runsc) / median(runc) start: the estimate and its confidence interval bounds.', ['area', 'item', 'bound']);
  const cost = gauge('gauntlet_performance_added_start_cost_seconds', "runsc's added start cost on the clock the gate judges (cri, probe or total): the estimate and its confidence interval bounds.", ['area', 'item', 'clock', 'bound']);
  const pairs = gauge('gauntlet_performance_pairs', 'Start pairs of a condition: attempted, and those where both starts succeeded.', ['area', 'item', 'outcome']);
  const latency = gauge('gauntlet_performance_start_latency_seconds', 'Start latency per runtime and launcher phase (total: create to Ready) at a quantile.', ['area', 'item', 'runtime', 'phase', 'quantile']);
  const samples = gauge('gauntlet_performance_start_samples', 'Starts measured per runtime and launcher phase.', ['area', 'item', 'runtime', 'phase']);
  for (const c of gate.areas.performance.conditions) {
    const item = { area: 'performance', item: c.name };
    states(itemVerdict, item, c.verdict);
    figures(item, c.figures);
    pairs.set({ ...item, outcome: 'attempted' }, c.pairs);
    pairs.set({ ...item, outcome: 'succeeded' }, c.successes);
    for (const [g, b, scale] of [[delta, c.delta, seconds], [ratio, c.ratio, (x: number) => x]] as const) {
      if (!b) continue;
      g.set({ ...item, bound: 'estimate' }, scale(b.estimate));
      g.set({ ...item, bound: 'lo' }, scale(b.lo));
      g.set({ ...item, bound: 'hi' }, scale(b.hi));
    }
    const sc = startCostOf(c);
    if (sc) for (const bound of ['estimate', 'lo', 'hi'] as const) cost.set({ ...item, clock: sc.clock, bound }, seconds(sc.delta[bound]));
    for (const runtime of ['runc', 'runsc'] as const) {
      for (const [phase, s] of Object.entries(c.phases[runtime])) {
        samples.set({ ...item, runtime, phase }, s.n);
        for (const [quantile, key] of quantiles) latency.set({ ...item, runtime, phase, quantile }, seconds(s[key]));
      }
    }
  }

  // Security: what the hardened runsc attempts came to, per category of the catalog.
  const attempts = gauge('gauntlet_security_attempts', 'Escape attempts against hardened runsc pods per category and escape verdict.', ['area', 'category', 'verdict']);
  const judged = gauge('gauntlet_security_attempts_judged', 'Hardened runsc attempts per category with evidence either way.', ['area', 'category']);
  for (const c of gate.areas.security.categories) {
    for (const v of ['blocked-by-gvisor', 'blocked-by-policy', 'escaped', 'probe-invalid', 'not-applicable'] as const) attempts.set({ area: 'security', category: c.category, verdict: v }, c[v]);
    judged.set({ area: 'security', category: c.category }, c.judged ?? c['blocked-by-gvisor'] + c['blocked-by-policy'] + c.escaped);
  }

  // Resilience: per scenario its verdict and figures; a scenario not tried is listed, never judged.
  const skipped = gauge('gauntlet_resilience_scenario_not_tried', 'A scenario that was not tried (value always 1); it supports no verdict.', ['area', 'item', 'runtime']);
  for (const s of gate.areas.resilience.scenarios) {
    states(itemVerdict, { area: 'resilience', item: s.id, runtime: s.runtime }, s.verdict);
    figures({ area: 'resilience', item: s.id, runtime: s.runtime }, s.figures);
  }
  for (const s of gate.areas.resilience.skipped) skipped.set({ area: 'resilience', item: s.id, runtime: s.runtime }, 1);

  // Workloads: each one's in-container time ratio (performance) and whether it behaves the same under runsc (compatibility).
  const workRatio = gauge('gauntlet_workload_time_ratio', 'median(runsc) / median(runc) of a workload\'s in-container time: the estimate and its confidence interval bounds.', ['area', 'item', 'bound']);
  const workTime = gauge('gauntlet_workload_time_seconds', "A workload's in-container time (its stamps) per runtime, median.", ['area', 'item', 'runtime']);
  for (const w of gate.areas.performance.workloads) {
    const item = { area: 'performance', item: w.workload };
    if (w.notMeasured !== undefined) continue;
    states(itemVerdict, item, w.verdict);
    figures(item, w.figures);
    if (w.ratio) for (const bound of ['estimate', 'lo', 'hi'] as const) workRatio.set({ ...item, bound }, w.ratio[bound]);
    for (const runtime of ['runc', 'runsc'] as const) {
      const s = w[runtime];
      if (s) workTime.set({ ...item, runtime }, seconds(s.p50));
    }
  }
  const accepted = gauge('gauntlet_compatibility_accepted_difference', 'A workload that differs under runsc, accepted by a written exception (value always 1).', ['area', 'item']);
  for (const r of gate.areas.compatibility.workloads) {
    states(itemVerdict, { area: 'compatibility', item: r.workload, runtime: 'runsc' }, r.verdict);
    if (r.acceptedBecause !== undefined) accepted.set({ area: 'compatibility', item: r.workload }, 1);
  }

  // Sandbox resource overhead: the recommended RuntimeClass overhead.podFixed and each runtime's per-pod overhead PSS (informative).
  const o = gate.areas.performance.overhead;
  if (o) {
    states(itemVerdict, { area: 'performance', item: 'sandbox-overhead', runtime: 'runsc' }, o.verdict);
    const rec = gauge('gauntlet_recommended_pod_overhead', 'The recommended RuntimeClass overhead.podFixed: memory in bytes, cpu in cores.', ['area', 'runtime_class', 'resource']);
    if (o.recommendation) {
      rec.set({ area: 'performance', runtime_class: o.runtimeClass, resource: 'memory_bytes' }, o.recommendation.memoryMi * 2 ** 20);
      rec.set({ area: 'performance', runtime_class: o.runtimeClass, resource: 'cpu_cores' }, o.recommendation.cpuMillicores / 1000);
    }
    const pss = gauge('gauntlet_pod_overhead_pss_bytes', "An idle pod's runtime processes' PSS on its node, beyond its container's own, per runtime: median.", ['area', 'runtime']);
    for (const runtime of ['runc', 'runsc'] as const) {
      const s = o.summary[runtime];
      if (s) pss.set({ area: 'performance', runtime }, s.overhead.pssKb.p50 * 1024);
    }
  }

  return registry.metrics();
}
