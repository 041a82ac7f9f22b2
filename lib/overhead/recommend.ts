/**
 * The RuntimeClass `overhead.podFixed` the measured figures call for, and the RuntimeClass that
 * would carry it. Pure.
 *
 * The rule (what runsc costs a pod beyond what runc costs it, since runc's own shim and pause
 * are already outside every pod's requests on a default cluster):
 *   memory = ceil( (p95 runsc overhead PSS − p50 runc overhead PSS) × (1 + headroom), to a step of stepMi ), at least stepMi
 *   cpu    = ceil( p95 runsc idle CPU rate − p50 runc idle CPU rate, in millicores ), at least minCpu
 * p95 on runsc's side, p50 on runc's: an allowance most runsc pods fit in, against runc's usual.
 * The start's CPU is a burst, not a rate, so it is reported and not part of podFixed.cpu.
 */
import { stringify } from 'yaml';
import type { OverheadRecommendation, PodFixed, RuntimeOverheadSummary } from '../report/gate-schema.js';

export interface RecommendationRule {
  /** Fraction added to the memory difference before rounding (0.25: a quarter). */
  memoryHeadroom: number;
  /** Memory is rounded up to a multiple of this, Mi. */
  memoryStepMi: number;
  /** podFixed.cpu is never below this, millicores. */
  minCpuMillicores: number;
}

export const ruleText = (r: RecommendationRule): string =>
  `memory: (p95 runsc − p50 runc) overhead PSS × ${1 + r.memoryHeadroom}, rounded up to ${r.memoryStepMi}Mi; ` +
  `cpu: (p95 runsc − p50 runc) idle CPU per second in millicores, rounded up, at least ${r.minCpuMillicores}m`;

/** Pure: the recommendation from both runtimes' figures. */
export function recommendOverhead(runc: RuntimeOverheadSummary, runsc: RuntimeOverheadSummary, rule: RecommendationRule): OverheadRecommendation {
  const pssKb = runsc.overhead.pssKb.p95 - runc.overhead.pssKb.p50;
  // ms of CPU per minute → millicores: ms per 60 000 ms, × 1000.
  const idleMillicores = (runsc.overhead.idleCpuMsPerMin.p95 - runc.overhead.idleCpuMsPerMin.p50) / 60;
  const startCpuMs = runsc.overhead.startCpuMs.p95 - runc.overhead.startCpuMs.p50;
  const step = rule.memoryStepMi;
  const withHeadroom = (Math.max(0, pssKb) / 1024) * (1 + rule.memoryHeadroom);
  return {
    // A hair above a step (float noise of × 1.25) must not round to the next one.
    memoryMi: Math.max(step, Math.ceil(withHeadroom / step - 1e-9) * step),
    cpuMillicores: Math.max(rule.minCpuMillicores, Math.ceil(idleMillicores - 1e-9)),
    rule: ruleText(rule),
    basis: { pssKb, idleMillicores, startCpuMs },
  };
}

export const quantities = (r: Pick<OverheadRecommendation, 'cpuMillicores' | 'memoryMi'>): { cpu: string; memory: string } => ({ cpu: `${r.cpuMillicores}m`, memory: `${r.memoryMi}Mi` });

/** The RuntimeClass that carries the recommendation (its scheduling kept when the cluster's has one). */
export function runtimeClassYaml(name: string, handler: string, r: Pick<OverheadRecommendation, 'cpuMillicores' | 'memoryMi'>, nodeSelector?: Record<string, string>): string {
  return stringify({
    apiVersion: 'node.k8s.io/v1',
    kind: 'RuntimeClass',
    metadata: { name },
    handler,
    overhead: { podFixed: quantities(r) },
    ...(nodeSelector && Object.keys(nodeSelector).length > 0 && { scheduling: { nodeSelector } }),
  });
}

const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const decimal: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** Pure: a Kubernetes memory quantity in bytes (`64Mi`, `100M`, `1.5Gi`, `134217728`, `1e6`); undefined when it is not one. */
export function memoryBytes(q: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T|)$/.exec(q.trim());
  if (!m?.[1] || m[2] === undefined) return undefined;
  return Number(m[1]) * (binary[m[2]] ?? decimal[m[2]] ?? NaN);
}

/** Pure: a CPU quantity in millicores (`250m`, `0.1`, `1`); undefined when it is not one. */
export function cpuMillicores(q: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(q.trim());
  if (!m?.[1]) return undefined;
  return m[2] === 'm' ? Number(m[1]) : Number(m[1]) * 1000;
}

/** Pure: the cluster's podFixed against the recommendation, one phrase per resource. */
export function compareWithExisting(existing: PodFixed | undefined, r: Pick<OverheadRecommendation, 'cpuMillicores' | 'memoryMi'>): string[] {
  const q = quantities(r);
  if (!existing || (existing.cpu === undefined && existing.memory === undefined)) return [`the RuntimeClass sets no overhead: pods are scheduled and limited as if runsc cost nothing beyond runc (recommended cpu ${q.cpu}, memory ${q.memory})`];
  const out: string[] = [];
  const word = (have: number | undefined, want: number): string => (have === undefined ? 'unreadable' : have < want ? 'below the recommendation' : have > want ? 'above the recommendation' : 'as recommended');
  if (existing.cpu === undefined) out.push(`cpu: none set (recommended ${q.cpu})`);
  else out.push(`cpu: ${existing.cpu} is ${word(cpuMillicores(existing.cpu), r.cpuMillicores)} ${q.cpu}`);
  if (existing.memory === undefined) out.push(`memory: none set (recommended ${q.memory})`);
  else out.push(`memory: ${existing.memory} is ${word(memoryBytes(existing.memory), r.memoryMi * 2 ** 20)} ${q.memory}`);
  return out;
}
