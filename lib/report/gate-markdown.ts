/**
 * gate.md: readable in a minute. Top line is the verdict and exit code, then one row per area,
 * then a table per area, the trend, the charts (inline SVG) and the details below the fold.
 */
import type { ChaosMeshCell, Gate, GateFigure } from './gate-schema.js';
import { totalStartPhase } from './gate-schema.js';
import type { Trend } from './trend.js';
import { renderTrendMarkdown } from './trend-markdown.js';
import { ruleLimitText, startCostOf } from './gate-performance.js';
import { breakdownPhases } from '../cri/breakdown-phases.js';
import { runscDefaults } from '../gvisor/runsc-flags.js';
import { clockTitle } from '../stats/start-cost.js';
import { gateAreas, type GateArea } from '../vocabulary.js';
import { compatibilitySection, workloadsPerformanceSection } from './gate-markdown-workloads.js';

export interface GateMarkdownOptions {
  /** Chart title → SVG document, embedded inline in this order. */
  charts?: Record<string, string>;
  trend?: Trend;
}

/** Table cells cannot hold pipes or line breaks. */
export const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
export const table = (head: string[], rows: string[][]): string =>
  [`| ${head.map(cell).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');

const ms = (x: number): string => `${x.toFixed(0)} ms`;
const r3 = (x: number): string => x.toFixed(3);

function figure(f: GateFigure): string {
  const v = f.unit === 'ms' ? ms(f.value) : f.unit === 'ratio' ? r3(f.value) : String(f.value);
  if (f.limit === undefined) return `${f.name} ${v}`;
  const lim = f.unit === 'ms' ? ms(f.limit) : f.unit === 'ratio' ? r3(f.limit) : String(f.limit);
  return `${f.name} ${v} (≤ ${lim}) ${f.ok ? '✓' : '✗'}`;
}

export const areaTitles = { security: 'Security', performance: 'Performance', resilience: 'Resilience', compatibility: 'Compatibility' } as const;

/** An area outside the gate's scope was not run (a `--suite` run); it does not count. */
export const inScope = (gate: Pick<Gate, 'scope'>, area: GateArea): boolean => !gate.scope || gate.scope.includes(area);

function summaryTable(gate: Gate): string {
  const rows = gateAreas.map((a) => {
    const area = gate.areas[a];
    const judged = area.figures.filter((f) => f.limit !== undefined);
    if (!inScope(gate, a)) return [areaTitles[a], 'not run', '—', 'not part of this run (see --suite)'];
    return [areaTitles[a], `**${area.verdict}**`, judged.map(figure).join('; ') || '—', area.reasons.slice(0, 3).join('; ') + (area.reasons.length > 3 ? ' …' : '')];
  });
  return table(['Area', 'Verdict', 'Against thresholds', 'Why'], rows);
}


/** Where the start goes, p50 per phase on the node runtime's clock (lib/cri/start-breakdown.ts), and the runtime's own extra cost. */
function startBreakdownSection(conditions: Gate['areas']['performance']['conditions']): string[] {
  const withCri = conditions.filter((c) => c.phases.runsc.criRuntime !== undefined || c.phases.runc.criRuntime !== undefined);
  if (withCri.length === 0) return [];
  const cell = (c: (typeof conditions)[number], rt: 'runc' | 'runsc', phase: string): string => {
    const s = c.phases[rt][phase];
    return s ? `${ms(s.p50)} / ${ms(s.p95)}` : '—';
  };
  const rows = withCri.flatMap((c) =>
    (['runc', 'runsc'] as const).map((rt) => [c.name, rt, ...breakdownPhases.map((p) => cell(c, rt, p)), cell(c, rt, 'criRuntime')]),
  );
  const extra = withCri.map((c) => {
    const d = c.phaseDeltas?.criRuntime;
    return `- ${c.name}: runsc's extra runtime cost (RunPodSandbox requested → StartContainer returned) ${d ? `${d.estimate.toFixed(0)} ms [${d.lo.toFixed(0)}, ${d.hi.toFixed(0)}]` : '—'}; on the user-visible total ${c.delta ? `${c.delta.estimate.toFixed(0)} ms` : '—'}`;
  });
  return [
    '',
    "Where the start goes (p50 / p95 ms; containerd's CRI log lines on the node, docs/measurement-method.md; reported, not judged):",
    '',
    table(['Condition', 'Runtime', 'create → RunPodSandbox', 'RunPodSandbox', 'kubelet gap', 'CreateContainer', 'StartContainer', 'started → seen', 'runtime total'], rows),
    '',
    ...extra,
  ];
}

/** The runsc platform each gVisor node ran its sandboxes on, and why: it shapes every runsc figure. */
function platformLines(gate: Gate): string[] {
  const nodes = (gate.areas.security.gvisorConfig ?? []).filter((n) => n.flags.platform !== undefined);
  if (nodes.length === 0) return ['', '_runsc platform: not read in this run (the isolation suite reads it from each sandbox\'s command line)._'];
  const why = (platform: string): string => (platform === runscDefaults.platform ? "runsc's default, not overridden" : "set by the node's runsc options");
  return ['', `runsc platform per node (each sandbox's command line): ${nodes.map((n) => `${n.node} ${n.flags.platform} (${why(n.flags.platform ?? '')})`).join('; ')}.`];
}

/** runsc's added cost with its CI and the clock it is on. */
function cost(c: Gate['areas']['performance']['conditions'][number]): string {
  const sc = startCostOf(c);
  return sc ? `${sc.delta.estimate.toFixed(0)} [${sc.delta.lo.toFixed(0)}, ${sc.delta.hi.toFixed(0)}] (${sc.phase})` : '—';
}

function performanceSection(gate: Gate): string {
  const { conditions } = gate.areas.performance;
  if (conditions.length === 0) return ['_No pod-start conditions were measured._', ...workloadsPerformanceSection(gate)].join('\n');
  const rows = conditions.map((c) => {
    const p50 = (rt: 'runc' | 'runsc'): string => {
      const s = c.phases[rt][totalStartPhase];
      return s ? ms(s.p50) : '—';
    };
    const cpu = c.load.cpuUtilization.max.toFixed(2);
    const ppn = (c.load.pendingPods / Math.max(1, c.load.nodeCount)).toFixed(1);
    return [
      c.name,
      `cpu ${cpu} · ${ppn} pending/node · ×${c.load.harnessConcurrency}${c.overload.state === 'overloaded' ? ' (overloaded)' : ''}`,
      `${c.successes}/${c.pairs}`,
      p50('runc'),
      p50('runsc'),
      cost(c),
      c.delta ? `${c.delta.estimate.toFixed(0)} [${c.delta.lo.toFixed(0)}, ${c.delta.hi.toFixed(0)}]` : '—',
      c.ratio ? `${r3(c.ratio.estimate)} [${r3(c.ratio.lo)}, ${r3(c.ratio.hi)}]` : '—',
      `**${c.verdict}**`,
    ];
  });
  const t = gate.thresholds.performance;
  const clocks = conditions.flatMap((c) => {
    const sc = startCostOf(c);
    return sc ? [`- ${c.name}: ${clockTitle[sc.clock]}: ${sc.why}`] : [];
  });
  return [
    `Judged, each by its 95 % CI upper bound: ${t.startRules.map((r) => ruleLimitText(r, t)).join('; ')}; ≥ ${t.minSuccesses} of ${t.pairs} pairs. The total's figures are reported${t.startRules.some((r) => r !== 'runtime-added-ms') ? '' : ', not judged'}.`,
    '',
    table(['Condition', 'Load', 'Pairs ok', 'runc p50', 'runsc p50', 'runsc added cost ms [95 % CI] (clock)', 'total Δ median ms [95 % CI]', 'total runsc/runc [95 % CI]', 'Verdict'], rows),
    '',
    'The clock of the added cost:',
    '',
    ...clocks,
    ...platformLines(gate),
    ...startBreakdownSection(conditions),
    ...workloadsPerformanceSection(gate),
  ].join('\n');
}

function securitySection(gate: Gate): string {
  const { categories } = gate.areas.security;
  if (categories.length === 0) return '_No escape attempts against hardened runsc pods._';
  return table(
    ['Category (hardened runsc)', 'Attempts', 'Judged', 'Blocked by gVisor', 'Blocked by policy', 'Escaped', 'Probe-invalid', 'N/A'],
    categories.map((c) => [
      c.category,
      String(c.attempts),
      ((n) => (n === 0 ? '**0**' : String(n)))(c.judged ?? c['blocked-by-gvisor'] + c['blocked-by-policy'] + c.escaped),
      String(c['blocked-by-gvisor']),
      String(c['blocked-by-policy']),
      c.escaped > 0 ? `**${c.escaped}**` : '0',
      String(c['probe-invalid']),
      String(c['not-applicable']),
    ]),
  );
}

/** In-pod privilege probes: which kernel answered, granted or denied, per runtime and profile. Not escapes. */
function attackSurfaceSection(gate: Gate): string {
  const rows = gate.areas.security.attackSurface ?? [];
  const cols = [['runc', 'hardened'], ['runc', 'control'], ['runsc', 'hardened'], ['runsc', 'control']] as const;
  const ids = [...new Set(rows.map((r) => r.id))];
  const cell = (id: string, runtime: string, profile: string): string => {
    const r = rows.find((x) => x.id === id && x.runtime === runtime && x.profile === profile);
    return r ? `${r.answer} by the ${r.kernel === 'host' ? 'host kernel' : 'Sentry'}` : '';
  };
  return [
    '### Kernel attack surface (not escapes, not counted)',
    '',
    'Privilege probes whose effect stays inside the pod: which kernel answered, and whether it granted the call.',
    '',
    table(['Probe', ...cols.map(([r, p]) => `${r} ${p}`)], ids.map((id) => [id, ...cols.map(([r, p]) => cell(id, r, p))])),
  ].join('\n');
}

/** What the run certifies: the API server, the harness, and every node's versions. */
function testedSection(t: NonNullable<Gate['tested']>): string {
  return [
    '## What was tested',
    '',
    `API server ${t.apiServer}; harness ${t.harness.version} (commit ${t.harness.commit}).`,
    '',
    table(['Node', 'Kubelet', 'Container runtime', 'runsc', 'Kernel', 'OS image'], t.nodes.map((n) => [n.name, n.kubelet, n.containerRuntime, n.runsc ?? '—', n.kernel, n.osImage])),
  ].join('\n');
}

/** Per gVisor node and process: the posture seen from the node. */
function postureSection(gate: Gate): string {
  const rows = (gate.areas.security.posture ?? []).map((p) => [
    p.node,
    `runsc-${p.role}`,
    String(p.pid),
    `${p.filteredThreads}/${p.threads}`,
    p.noNewPrivs,
    p.capabilities.join(', ') || 'none',
    String(p.dirFds),
    p.problems.length === 0 ? 'holds' : `**FAIL** ${p.problems.join('; ')}`,
  ]);
  return ['### gVisor sandbox posture per node', '', 'Seen from the node: seccomp per thread, no_new_privs, capabilities, own namespaces, no node directory held open.', '', table(['Node', 'Process', 'PID', 'Seccomp threads', 'no_new_privs', 'Capabilities', 'Dir fds', 'Posture'], rows)].join('\n');
}

/** Per gVisor node: the sandboxes' effective runsc flags, and each departure from the declared policy. */
function gvisorConfigSection(gate: Gate): string {
  const nodes = gate.areas.security.gvisorConfig ?? [];
  const flagNames = [...new Set(nodes.flatMap((n) => Object.keys(n.flags)))];
  const rows = nodes.map((n) => {
    const bad = new Set(n.findings.filter((f) => f.acceptedBecause === undefined).map((f) => f.flag));
    const findings = n.findings.map((f) => `${f.acceptedBecause ? `accepted (${f.acceptedBecause})` : '**FAIL**'} \`--${f.flag}=${f.value}\`${f.source ? ` in \`${f.source}\`` : ''} (declared ${f.expected})`).join('; ');
    return [n.node, n.runscVersion ?? '', n.configPath ? `\`${n.configPath}\`` : 'none', String(n.sandboxes), ...flagNames.map((k) => (bad.has(k) ? `**${n.flags[k] ?? ''}**` : (n.flags[k] ?? ''))), findings || 'as declared'];
  });
  return ['### gVisor configuration per node', '', table(['Node', 'runsc', 'Config file', 'Sandboxes', ...flagNames.map((k) => `--${k}`), 'Against the declared policy'], rows)].join('\n');
}

function resilienceSection(gate: Gate): string {
  const { scenarios, skipped } = gate.areas.resilience;
  const notTried = skipped.length === 0 ? [] : ['', 'Not tried (not judged; the verdict above does not cover them):', '', ...skipped.map((s) => `- ${s.id} (${s.runtime}): ${s.reason}`)];
  const matrix = chaosMeshMatrixSection(gate.areas.resilience.chaosMeshMatrix);
  if (scenarios.length === 0) return ['_No resilience scenarios were run._', ...notTried, ...matrix].join('\n');
  return [
    table(
      ['Scenario', 'Runtime', 'Figures', 'Lost', 'Verdict'],
      scenarios.map((s) => [s.id, s.runtime, s.figures.filter((f) => f.name !== 'lost results').map(figure).join('; ') || '—', String(s.lostResults), `**${s.verdict}**`]),
    ),
    ...notTried,
    ...matrix,
  ].join('\n');
}

const outcomeWords: Record<ChaosMeshCell['outcome'], string> = {
  works: 'works',
  'fails-loudly': 'fails loudly',
  'silently-no-effect': '**silently no effect**',
  undetermined: 'undetermined',
};

/** The gVisor compatibility matrix of Chaos Mesh: a finding about the fault engine, not a verdict. */
export function chaosMeshMatrixSection(cells: readonly ChaosMeshCell[]): string[] {
  if (cells.length === 0) return [];
  const faults = [...new Set(cells.map((c) => c.fault))];
  const cell = (fault: string, runtime: string): string => {
    const c = cells.find((x) => x.fault === fault && x.runtime === runtime);
    return c ? `${outcomeWords[c.outcome]}: ${c.evidence}${c.outcome === 'fails-loudly' ? ` (Chaos Mesh: ${c.chaosMesh})` : ''}` : 'not run';
  };
  const silent = cells.filter((c) => c.outcome === 'silently-no-effect');
  return [
    '',
    `### Chaos Mesh against runc and runsc pods (Chaos Mesh ${cells[0]?.version ?? '?'})`,
    '',
    'Reported, not judged: which faults land on a gVisor pod. "Silently no effect" means Chaos Mesh said injected and the harness saw nothing happen: a chaos test relying on it passes for nothing.',
    '',
    table(['Fault', 'Kind', 'runc', 'runsc'], faults.map((f) => [f, cells.find((c) => c.fault === f)?.kind ?? '', cell(f, 'runc'), cell(f, 'runsc')])),
    ...(silent.length > 0 ? ['', `Silently no effect: ${silent.map((c) => `${c.fault} under ${c.runtime}`).join(', ')}.`] : []),
  ];
}

/** Inline SVG must be one HTML block: no XML prolog or doctype, and no blank lines (they end the block). */
export function inlineSvg(svg: string): string {
  const body = svg
    .replace(/<\?xml[^>]*\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .join('\n')
    .trim();
  return body.startsWith('<svg') ? body : '_(chart omitted: not an SVG document)_';
}

function suitesSection(gate: Gate): string {
  const suites = gate.suites ?? [];
  if (suites.length === 0) return '';
  const rows = suites.map((s) => [
    s.project,
    s.area,
    `${s.tests.passed}/${s.tests.total}`,
    s.tests.failed > 0 ? `**${s.tests.failed}**` : '0',
    String(s.tests.skipped),
    s.exitCode === null ? 'signal' : String(s.exitCode),
    `${(s.durationMs / 1000).toFixed(0)} s`,
    `junit-${s.project}.xml`,
  ]);
  return ['## Test suites', '', table(['Project', 'Area', 'Passed', 'Failed', 'Skipped', 'Exit', 'Time', 'JUnit'], rows)].join('\n');
}

function details(gate: Gate): string {
  const out: string[] = ['## Details'];
  for (const a of gateAreas) {
    const area = gate.areas[a];
    out.push('', `### ${areaTitles[a]}: ${area.verdict}`, '');
    for (const r of area.reasons) out.push(`- ${r}`);
    for (const n of area.notes) out.push(`- note: ${n}`);
    if (area.verdict === 'INCONCLUSIVE') out.push(`- inconclusive because of: ${area.causes.join(', ')}`);
  }
  for (const c of gate.areas.performance.conditions) {
    out.push('', `#### ${c.name}: phases (ms)`, '');
    const rows = (['runc', 'runsc'] as const).flatMap((rt) =>
      Object.entries(c.phases[rt]).map(([phase, s]) => [rt, phase, String(s.n), s.p50.toFixed(0), s.p95.toFixed(0), s.p99.toFixed(0), s.max.toFixed(0)]),
    );
    out.push(table(['Runtime', 'Phase', 'n', 'p50', 'p95', 'p99', 'max'], rows));
    for (const [rt, sli] of Object.entries(c.kubeletSli ?? {})) {
      out.push('', `kubelet SLI ${rt}: p50 ${ms(sli.p50Ms)}, p99 ${ms(sli.p99Ms)} over ${sli.count} pods`);
    }
  }
  const attempts = gate.areas.security.attempts;
  if (attempts.length > 0) {
    out.push('', '#### Escape attempts', '');
    out.push(table(['Id', 'Category', 'Runtime', 'Profile', 'Verdict', 'Evidence'], attempts.map((x) => [x.id, x.category, x.runtime, x.profile, x.verdict, `\`${x.evidenceHash.replace(/^sha256:/, '').slice(0, 12)}\``])));
  }
  return out.join('\n');
}

const rerunListed = 10;

/** What a partial rerun ran, and what of the earlier run it could not match. */
function rerunNote(r: NonNullable<Gate['rerunOf']>): string {
  const list = (names: readonly string[]): string => names.slice(0, rerunListed).map((n) => `\`${n.replace(/`/g, "'")}\``).join(', ') + (names.length > rerunListed ? ` and ${names.length - rerunListed} more (gate.json)` : '');
  return [
    `> **Partial rerun** of run \`${r.runId}\`: only its ${r.tests.length} failed or inconclusive test(s) ran again (\`gauntlet run --rerun-failed\`); each area's verdict covers what they recorded, not the whole area. Rerun: ${list(r.tests)}.`,
    ...(r.unmatched?.length ? ['>', `> Not rerun: ${r.unmatched.length} failed or inconclusive test(s) of that run match no test now: ${list(r.unmatched)}.`] : []),
  ].join('\n');
}

export function renderGateMarkdown(gate: Gate, options: GateMarkdownOptions = {}): string {
  const parts: string[] = [
    `# Gate: ${gate.verdict} (exit ${gate.exitCode})${gate.rerunOf ? `, partial rerun of run ${gate.rerunOf.runId} (${gate.rerunOf.tests.length} test(s))` : ''}${gate.scope ? `, partial run: ${gate.scope.join(', ')} only` : ''}`,
    '',
    `**${gate.verdict}**: ${gate.exitReason}. Run \`${gate.runId}\`, ${gate.generatedAt}.`,
    '',
    ...(gate.rerunOf ? [rerunNote(gate.rerunOf), ''] : []),
    ...(gate.interrupted
      ? [`> **Interrupted** by ${gate.interrupted.signal} at ${gate.interrupted.at}: what was in flight was undone; the results below are partial${gate.interrupted.notRun.length > 0 ? ` and ${gate.interrupted.notRun.join(', ')} never started` : ''}.`, '']
      : []),
    summaryTable(gate),
    '',
    ...(gate.suites?.length ? [suitesSection(gate), ''] : []),
    ...(gate.tested ? [testedSection(gate.tested), ''] : []),
    '## Performance',
    '',
    performanceSection(gate),
    '',
    '## Security',
    '',
    securitySection(gate),
    '',
    ...(gate.areas.security.gvisorConfig?.length ? [gvisorConfigSection(gate), ''] : []),
    ...(gate.areas.security.posture?.length ? [postureSection(gate), ''] : []),
    ...(gate.areas.security.attackSurface?.length ? [attackSurfaceSection(gate), ''] : []),
    '## Resilience',
    '',
    resilienceSection(gate),
    '',
    '## Compatibility',
    '',
    compatibilitySection(gate),
  ];
  if (options.trend) parts.push('', renderTrendMarkdown(options.trend));
  const charts = Object.entries(options.charts ?? {});
  if (charts.length > 0) {
    parts.push('', '## Charts');
    for (const [title, svg] of charts) parts.push('', `### ${title}`, '', inlineSvg(svg));
  }
  parts.push('', details(gate), '');
  return parts.join('\n');
}
