/**
 * The gate's charts as SVG, drawn by vega-lite (declarative spec) compiled to vega and rendered
 * headless with `view.toSVG()`: no browser, no canvas package, deterministic output that
 * embeds inline in gate.md and gate.html.
 *
 * The specs are pure functions of the gate (tested without rendering); `renderCharts` is the
 * only place that runs vega. Only figures the gate holds are drawn: start-latency summaries
 * (the gate keeps quantiles, not raw samples, so the distribution is min–max whiskers, a
 * p05–p95 box and a median tick), and the overhead estimates with their CIs.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Gate } from './gate-schema.js';
import { totalStartPhase } from './gate-schema.js';
import { startCostOf } from './gate-performance.js';
import { breakdownPhases } from '../cri/breakdown-phases.js';

const conditionColor = { field: 'condition', type: 'nominal', title: 'condition' } as const;
const runtimeColor = { field: 'runtime', type: 'nominal', scale: { domain: ['runc', 'runsc'], range: ['#4c78a8', '#e45756'] } } as const;

export interface DistributionRow {
  condition: string;
  runtime: string;
  min: number;
  p05: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  n: number;
}

export function distributionRows(gate: Gate): DistributionRow[] {
  return gate.areas.performance.conditions.flatMap((c) =>
    (['runc', 'runsc'] as const).flatMap((runtime) => {
      const s = c.phases[runtime][totalStartPhase];
      return s ? [{ condition: c.name, runtime, min: s.min, p05: s.p05, p50: s.p50, p95: s.p95, p99: s.p99, max: s.max, n: s.n }] : [];
    }),
  );
}

/** Start latency (create → Ready) per condition, runc beside runsc. */
export function startLatencySpec(gate: Gate): TopLevelSpec {
  const y = { field: 'runtime', type: 'nominal', title: null } as const;
  const ms = (field: string, title?: string) => ({ field, type: 'quantitative', title: title ?? null, scale: { zero: false } }) as const;
  return {
    title: { text: 'Pod start latency, create → Ready (ms)', subtitle: 'whiskers min–max, box p05–p95, white tick median' },
    data: { values: distributionRows(gate) },
    facet: { row: { field: 'condition', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left' } } },
    spec: {
      width: 420,
      height: 44,
      layer: [
        { mark: { type: 'rule' }, encoding: { y, x: ms('min', 'ms'), x2: { field: 'max' }, color: runtimeColor } },
        { mark: { type: 'bar', size: 14 }, encoding: { y, x: ms('p05'), x2: { field: 'p95' }, color: runtimeColor } },
        {
          mark: { type: 'tick', color: 'white', size: 14, thickness: 2 },
          encoding: {
            y,
            x: ms('p50'),
            tooltip: [{ field: 'p50', title: 'median' }, { field: 'p99' }, { field: 'n' }],
          },
        },
      ],
    },
    resolve: { scale: { x: 'shared' } },
  };
}

export interface OverheadRow {
  condition: string;
  concurrency: number;
  cpuMax: number;
  pendingPerNode: number;
  delta: number;
  deltaLo: number;
  deltaHi: number;
  ratio: number;
  ratioLo: number;
  ratioHi: number;
}

export function overheadRows(gate: Gate): OverheadRow[] {
  return gate.areas.performance.conditions.flatMap((c) => {
    const cost = startCostOf(c);
    return cost && c.ratio
      ? [
          {
            condition: c.name,
            concurrency: c.concurrency,
            cpuMax: c.load.cpuUtilization.max,
            pendingPerNode: c.load.pendingPods / Math.max(1, c.load.nodeCount),
            delta: cost.delta.estimate,
            deltaLo: cost.delta.lo,
            deltaHi: cost.delta.hi,
            ratio: c.ratio.estimate,
            ratioLo: c.ratio.lo,
            ratioHi: c.ratio.hi,
          },
        ]
      : [];
  });
}

/**
 * Overhead (median delta with its CI) against one x: harness concurrency or measured load,
 * with the threshold as a dashed line, so a reader sees how close to the limit each point is.
 */
function overheadSpec(
  gate: Gate,
  x: { field: keyof OverheadRow; title: string; ordinal?: boolean },
  y: { field: 'delta' | 'ratio'; title: string; limit: number },
): TopLevelSpec {
  const lo = `${y.field}Lo`;
  const hi = `${y.field}Hi`;
  // Ordinal x (concurrency levels) puts conditions that share a level side by side (xOffset).
  const xEnc = x.ordinal
    ? ({ field: x.field, type: 'ordinal', title: x.title, axis: { labelAngle: 0 } } as const)
    : ({ field: x.field, type: 'quantitative', title: x.title, scale: { zero: false, padding: 20 } } as const);
  const offset = x.ordinal ? { xOffset: { field: 'condition' } } : {};
  return {
    width: 420,
    height: 220,
    title: `${y.title} against ${x.title.toLowerCase()}`,
    layer: [
      {
        data: { values: overheadRows(gate) },
        layer: [
          // Conditions can share an x (idle and cpu-stress both run at concurrency 1): colour names them.
          { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: xEnc, ...offset, y: { field: lo, type: 'quantitative', title: y.title, scale: { zero: false } }, y2: { field: hi }, color: conditionColor } },
          {
            mark: { type: 'point', filled: true, size: 60, opacity: 1 },
            encoding: { x: xEnc, ...offset, y: { field: y.field, type: 'quantitative' }, color: conditionColor, tooltip: [{ field: 'condition' }, { field: y.field }, { field: lo }, { field: hi }] },
          },

        ],
      },
      {
        data: { values: [{ limit: y.limit, label: `limit ${y.limit}` }] },
        layer: [
          { mark: { type: 'rule', strokeDash: [6, 4], color: '#555' }, encoding: { y: { field: 'limit', type: 'quantitative' } } },
          { mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: '#555' }, encoding: { y: { field: 'limit', type: 'quantitative' }, x: { value: 0 }, text: { field: 'label' } } },
        ],
      },
    ],
  };
}

export function overheadByConcurrencySpec(gate: Gate): TopLevelSpec {
  return overheadSpec(gate, { field: 'concurrency', title: 'Harness concurrency', ordinal: true }, { field: 'delta', title: "runsc's added start cost, judged clock (ms)", limit: gate.thresholds.performance.maxAddedStartMs });
}

export function overheadByLoadSpec(gate: Gate): TopLevelSpec {
  return overheadSpec(gate, { field: 'cpuMax', title: 'Peak node CPU utilisation' }, { field: 'ratio', title: 'runsc / runc median total start', limit: gate.thresholds.performance.maxStartOverheadRatio });
}

export interface WorkloadRatioRow {
  workload: string;
  ratio: number;
  lo: number;
  hi: number;
  verdict: string;
}

/** The timed workloads' runsc/runc ratios with their CIs. */
export function workloadRatioRows(gate: Gate): WorkloadRatioRow[] {
  return gate.areas.performance.workloads.flatMap((w) => (w.ratio && w.notMeasured === undefined ? [{ workload: w.workload, ratio: w.ratio.estimate, lo: w.ratio.lo, hi: w.ratio.hi, verdict: w.verdict }] : []));
}

/** Each workload's runsc/runc ratio of its own work with its 95 % CI, on a log scale (they span orders of magnitude), and maxRatio dashed. */
export function workloadRatioSpec(gate: Gate): TopLevelSpec {
  const limit = gate.thresholds.performance.workloads.maxRatio;
  const x = { type: 'quantitative', scale: { type: 'log' }, title: 'runsc / runc median in-container time (log scale)' } as const;
  return {
    width: 420,
    title: { text: "Workloads: runsc's time against runc's", subtitle: 'point: median ratio; bar: paired 95 % bootstrap CI; dashed: performance.workloads.maxRatio' },
    layer: [
      {
        data: { values: workloadRatioRows(gate) },
        encoding: { y: { field: 'workload', type: 'nominal', title: null, sort: { field: 'ratio', order: 'descending' }, axis: { labelLimit: 240 } } },
        layer: [
          { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'lo', ...x }, x2: { field: 'hi' }, color: { field: 'verdict', type: 'nominal', scale: { domain: ['PASS', 'FAIL', 'INCONCLUSIVE'], range: ['#54a24b', '#e45756', '#999999'] } } } },
          { mark: { type: 'point', filled: true, size: 60 }, encoding: { x: { field: 'ratio', ...x }, color: { field: 'verdict', type: 'nominal' }, tooltip: [{ field: 'workload' }, { field: 'ratio', format: '.2f' }, { field: 'lo', format: '.2f' }, { field: 'hi', format: '.2f' }] } },
        ],
      },
      { data: { values: [{ limit }] }, mark: { type: 'rule', strokeDash: [6, 4], color: '#555' }, encoding: { x: { field: 'limit', type: 'quantitative' } } },
    ],
  };
}

/** Render one vega-lite spec to an SVG document. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Title → SVG for every chart the gate has data for; none when nothing was measured. */
/** What each breakdown phase is called on the chart, in the order a start passes through them. */
export const breakdownTitles: Readonly<Record<(typeof breakdownPhases)[number], string>> = {
  criBeforeSandbox: 'API, scheduler, kubelet pick-up',
  criSandbox: 'RunPodSandbox',
  criKubeletGap: 'kubelet between calls',
  criCreate: 'CreateContainer',
  criStart: 'StartContainer',
  criKubeletReport: 'started → seen Running',
};

export interface BreakdownRow {
  start: string;
  phase: string;
  order: number;
  p50: number;
}

/** p50 of each breakdown phase per condition and runtime; only where CRI phases were read. */
export function breakdownRows(gate: Gate): BreakdownRow[] {
  return gate.areas.performance.conditions.flatMap((c) =>
    (['runc', 'runsc'] as const).flatMap((runtime) =>
      breakdownPhases.flatMap((phase, order) => {
        const s = c.phases[runtime][phase];
        return s ? [{ start: `${c.name} · ${runtime}`, phase: breakdownTitles[phase], order, p50: s.p50 }] : [];
      }),
    ),
  );
}

/**
 * Where the start goes: per condition and runtime, a bar of the breakdown phases' p50s stacked in
 * the order a start passes through them (p50s of parts need not add up to the total's p50).
 */
export function startBreakdownSpec(gate: Gate): TopLevelSpec {
  return {
    width: 420,
    title: { text: 'Where the start goes (p50 per phase, ms)', subtitle: "containerd's CRI log lines on the node; docs/measurement-method.md" },
    data: { values: breakdownRows(gate) },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'start', type: 'nominal', title: null, sort: null },
      x: { field: 'p50', type: 'quantitative', stack: 'zero', title: 'ms' },
      color: { field: 'phase', type: 'nominal', title: 'phase', sort: breakdownPhases.map((p) => breakdownTitles[p]) },
      order: { field: 'order', type: 'ordinal' },
      tooltip: [{ field: 'start' }, { field: 'phase' }, { field: 'p50', format: '.0f' }],
    },
  };
}

export async function renderCharts(gate: Gate): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (distributionRows(gate).length > 0) out['Start latency: runc vs runsc'] = await renderSvg(startLatencySpec(gate));
  if (overheadRows(gate).length > 0) {
    out['Start overhead against concurrency'] = await renderSvg(overheadByConcurrencySpec(gate));
    out['Start overhead against load'] = await renderSvg(overheadByLoadSpec(gate));
  }
  if (breakdownRows(gate).length > 0) out['Where the start goes'] = await renderSvg(startBreakdownSpec(gate));
  if (workloadRatioRows(gate).length > 0) out['Workloads: runsc against runc'] = await renderSvg(workloadRatioSpec(gate));
  return out;
}
