/**
 * Security area: did anything get out of a hardened runsc pod?
 *
 * - FAIL when hardened runsc escapes exceed allowEscapes (0): that is the product's claim broken.
 * - FAIL when a control attempt is probe-invalid: the probe itself is broken, so every
 *   "blocked" result of the run is unproven; a security gate blocks on that rather than asking
 *   for a rerun.
 * - INCONCLUSIVE (probe-invalid) when a hardened runsc attempt is probe-invalid: that one
 *   attempt proved nothing either way.
 * - INCONCLUSIVE (no-data) when there is no hardened runsc attempt at all.
 * - FAIL when a gVisor sandbox on some node runs with a flag the declared policy
 *   (security.gvisor) forbids, unless an exception accepts it (then a note).
 * Hardened runc escapes and blocked controls are notes: runc is the comparison, not the
 * product, and a blocked control only weakens (not refutes) the matching hardened result.
 */
import { escapeVerdicts } from '../vocabulary.js';
import type { SecurityThresholds } from '../config/schema.js';
import { describeFinding, withException } from '../gvisor/runsc-flags.js';
import type { CategoryCounts, GvisorConfig, NetworkPolicyTrial, SandboxPosture, SecurityAreaResult, SecurityAttempt } from './gate-schema.js';
import { judgeNetworkPolicy } from './gate-network-policy.js';
import { Judgement } from './gate-verdicts.js';

function countByCategory(attempts: readonly SecurityAttempt[]): CategoryCounts[] {
  const byCat = new Map<string, CategoryCounts>();
  for (const a of attempts.filter((x) => x.profile === 'hardened' && x.runtime === 'runsc')) {
    let c = byCat.get(a.category);
    if (!c) {
      c = { category: a.category, attempts: 0, judged: 0, ...Object.fromEntries(escapeVerdicts.map((v) => [v, 0])) } as CategoryCounts;
      byCat.set(a.category, c);
    }
    c.attempts += 1;
    if (isJudged(a)) c.judged = (c.judged ?? 0) + 1;
    c[a.verdict] += 1;
  }
  return [...byCat.values()].sort((x, y) => x.category.localeCompare(y.category));
}

const ids = (xs: readonly SecurityAttempt[]): string => xs.map((x) => x.id).join(', ');

/** Verdicts that judged an attempt: it got through, or something with evidence stopped it (not only the harness's own pod spec). */
const judgedVerdicts: readonly string[] = ['escaped', 'blocked-by-gvisor', 'blocked-by-policy'];
export const isJudged = (a: SecurityAttempt): boolean => judgedVerdicts.includes(a.verdict) && a.unjudgedBecause === undefined;

/** Pure: categories (of the hardened runsc attempts) in which not one attempt was judged. */
export function unjudgedCategories(hardened: readonly SecurityAttempt[]): { category: string; why: string }[] {
  const cats = [...new Set(hardened.map((a) => a.category))].sort();
  return cats
    .map((category) => ({ category, cells: hardened.filter((a) => a.category === category) }))
    .filter((c) => !c.cells.some(isJudged))
    .map((c) => ({ category: c.category, why: c.cells.map((a) => `${a.id} ${a.verdict}${a.unjudgedBecause ? ` (unjudged: ${a.unjudgedBecause})` : a.detail ? ` (${a.detail})` : ''}`).join('; ') }));
}

/** Security evidence beside the escape attempts. */
export interface SecurityEvidence {
  gvisorConfig?: readonly GvisorConfig[];
  networkPolicy?: readonly NetworkPolicyTrial[];
  posture?: readonly SandboxPosture[];
}

/** Pure: the attack-surface table: per in-pod probe and cell, the kernel that answered (the runtime identity test proves it) and its answer. */
function attackSurfaceRows(attempts: readonly SecurityAttempt[]): NonNullable<SecurityAreaResult['attackSurface']> {
  const answer = (o: string | undefined): string => (o === 'succeeded' ? 'granted' : o === 'blocked' ? 'denied' : (o ?? 'no result'));
  return attempts
    .filter((a) => a.scope === 'attack-surface')
    .map((a) => ({ id: a.id, runtime: a.runtime, profile: a.profile, kernel: a.runtime === 'runsc' ? ('sentry' as const) : ('host' as const), answer: answer(a.probeOutcome) }));
}

export function judgeSecurity(allAttempts: readonly SecurityAttempt[], t: SecurityThresholds, evidence: SecurityEvidence = {}): SecurityAreaResult {
  const j = new Judgement();
  // Only escape attempts count; in-pod privilege probes are kernel attack surface, reported apart.
  const attempts = allAttempts.filter((a) => a.scope !== 'attack-surface');
  const surface = attackSurfaceRows(allAttempts);
  // Exceptions are the gate's to apply (not the run's), so `gauntlet gate --config` can accept a deviation afterwards.
  const gvisorConfig = (evidence.gvisorConfig ?? []).map((c) => ({
    ...c,
    findings: c.findings.map((f) => {
      const { node: _node, ...judged } = withException({ node: c.node, ...f }, t.gvisor.exceptions);
      return judged;
    }),
  }));
  const netpol = judgeNetworkPolicy(evidence.networkPolicy ?? []);
  for (const f of netpol.failures) j.fail(f);
  if (netpol.unproven.length > 0) j.inconclusiveBecause('probe-invalid', `tenant-egress trial(s) proved nothing (the connection did not work before the policy): ${netpol.unproven.join('; ')}`);
  const findings = gvisorConfig.flatMap((c) => c.findings.map((f) => ({ node: c.node, ...f })));
  const drift = findings.filter((f) => f.acceptedBecause === undefined);
  if (drift.length > 0) j.fail(`gVisor configuration departs from the declared policy: ${drift.map(describeFinding).join('; ')}`);
  const posture = evidence.posture ?? [];
  const badPosture = posture.filter((p) => p.problems.length > 0);
  if (badPosture.length > 0) j.fail(`gVisor sandbox posture broken: ${badPosture.map((p) => `${p.node} runsc-${p.role} pid ${p.pid}: ${p.problems.join(', ')}`).join('; ')}`);
  const hardened = attempts.filter((a) => a.profile === 'hardened' && a.runtime === 'runsc');
  const controls = attempts.filter((a) => a.profile === 'control');
  const escaped = hardened.filter((a) => a.verdict === 'escaped');
  const hardenedInvalid = hardened.filter((a) => a.verdict === 'probe-invalid');
  const controlInvalid = controls.filter((a) => a.verdict === 'probe-invalid');

  if (escaped.length > t.allowEscapes) {
    j.fail(`${escaped.length} escape(s) from hardened runsc pods (allowed ${t.allowEscapes}): ${ids(escaped)}`);
  }
  if (controlInvalid.length > 0) j.fail(`control attempt(s) could not run, so the probe is broken: ${ids(controlInvalid)}`);
  if (hardened.length === 0) j.inconclusiveBecause('no-data', 'no escape attempts were made against hardened runsc pods');
  // Coverage, not counts: a category with nothing judged is unproven, however many attempts it had.
  for (const u of unjudgedCategories(hardened)) j.inconclusiveBecause('no-data', `nothing in category ${u.category} was judged against hardened runsc pods: ${u.why}`);
  const judgedCount = hardened.filter(isJudged).length;
  if (hardenedInvalid.length > 0) j.inconclusiveBecause('probe-invalid', `hardened runsc attempt(s) proved nothing (probe-invalid): ${ids(hardenedInvalid)}`);
  if (j.verdict === 'PASS') {
    j.reasons.push(`${hardened.length} attempt(s) against hardened runsc pods, ${escaped.length} escape(s); ${judgedCount} judged, ${hardened.length - judgedCount} unjudged`);
    if (gvisorConfig.length > 0) j.reasons.push(`gVisor configuration as declared on ${gvisorConfig.map((c) => c.node).join(', ')}`);
    if (posture.length > 0) j.reasons.push(`sandbox posture holds for ${posture.length} process(es) on ${[...new Set(posture.map((p) => p.node))].join(', ')}`);
  }

  const notes: string[] = [];
  const accepted = findings.filter((f) => f.acceptedBecause !== undefined);
  if (accepted.length > 0) notes.push(`accepted gVisor deviations: ${accepted.map(describeFinding).join('; ')}`);
  const runcEscapes = attempts.filter((a) => a.profile === 'hardened' && a.runtime === 'runc' && a.verdict === 'escaped');
  if (runcEscapes.length > 0) notes.push(`hardened runc pods (no gVisor) let through: ${ids(runcEscapes)}`);
  const blockedControls = controls.filter((a) => a.verdict === 'blocked-by-gvisor' || a.verdict === 'blocked-by-policy');
  if (blockedControls.length > 0) notes.push(`control attempt(s) were blocked, so they do not show the attack works: ${ids(blockedControls)}`);

  return {
    ...j.result(),
    figures: [
      { name: 'hardened runsc escapes', value: escaped.length, unit: 'count', limit: t.allowEscapes, ok: escaped.length <= t.allowEscapes },
      { name: 'hardened runsc attempts', value: hardened.length, unit: 'count' },
      { name: 'hardened runsc attempts judged', value: judgedCount, unit: 'count' },
      { name: 'probe-invalid attempts', value: hardenedInvalid.length + controlInvalid.length, unit: 'count', limit: 0, ok: hardenedInvalid.length + controlInvalid.length === 0 },
      ...netpol.figures,
      ...(gvisorConfig.length > 0 ? [{ name: 'gVisor configuration deviations', value: drift.length, unit: 'count' as const, limit: 0, ok: drift.length === 0 }] : []),
    ],
    notes,
    categories: countByCategory(attempts),
    attempts: [...allAttempts],
    ...(surface.length > 0 ? { attackSurface: surface } : {}),
    ...(gvisorConfig.length > 0 ? { gvisorConfig } : {}),
    ...(posture.length > 0 ? { posture: [...posture] } : {}),
  };
}
