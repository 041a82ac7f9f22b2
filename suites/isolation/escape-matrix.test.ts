import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { kubeOptionsFromEnv, test } from '../../fixtures/test-fixtures.js';
import { escapeCatalog, isEscapeAttempt, type EscapeAttempt } from '../../lib/escape/catalog.js';
import { matrixBudgetMs, runEscapeMatrix, type AttemptOutcome, type GroupRun, type MatrixRun } from '../../lib/escape/matrix.js';
import { refusedAtAdmission } from '../../lib/escape/group-pods.js';
import { cellEvidence } from '../../lib/escape/cell-evidence.js';
import { attach } from '../../lib/report/annotate.js';
import { securityRecords } from '../../lib/escape/records.js';
import { cellKey, type Profile } from '../../lib/escape/verdict.js';
import { runConfiguration } from '../../lib/config/load-config.js';
import { CleanupStack } from '../../lib/kube/cleanup.js';
import { createKube } from '../../lib/kube/client.js';
import { recordInfrastructureProblem, recordNetworkPolicy, recordSecurity } from '../../lib/report/record.js';
import { runId as currentRunId } from '../../lib/run-id.js';
import type { Runtime } from '../../lib/runtimes.js';
import { envScaled } from '../../lib/timeouts.js';
import type { EscapeVerdict } from '../../lib/vocabulary.js';

// Every catalog attempt runs once per runtime × profile, batched into a few probe pods; the
// tests below judge the verdicts. No retries: a flaky escape result is itself a finding.
const cleanup = new CleanupStack();
let run: MatrixRun | undefined;
let setupError: unknown;

beforeAll(async () => {
  try {
    run = await runEscapeMatrix({
      kube: createKube(kubeOptionsFromEnv()),
      runId: currentRunId(),
      suite: 'isolation',
      cleanup,
      catalog: escapeCatalog,
      addresses: runConfiguration().addresses,
      log: (l) => console.log(`[escape] ${l}`),
    });
    console.log(`[escape] matrix ran in ${(run.durationMs / 1000).toFixed(1)} s on ${run.node} (node access: ${run.nodeAccess}, ${run.embedded ? 'embedded local cluster' : 'real cluster'}); NetworkPolicy enforced: ${run.networkPolicyEnforced} (${run.networkPolicyEvidence})`);
    for (const g of run.groups) console.log(`[escape] ${g.runtime}/${g.profile}/${g.role}: ${g.status} (${g.reason})`);
    for (const a of run.attempts) for (const r of securityRecords(a)) recordSecurity(r);
    const p = run.hardenedPolicy;
    recordNetworkPolicy({
      runtime: 'runc',
      reachableBefore: p.reachableBefore,
      enforced: p.verdict.kind === 'enforced',
      ...(p.verdict.kind === 'enforced' ? { enforceMs: p.verdict.afterMs } : {}),
      allowedKept: p.verdict.kind === 'enforced' && p.verdict.allowedKept,
      target: `${p.target} from the escape matrix's hardened namespace`,
      detail: p.verdict.detail,
    });
  } catch (err) {
    setupError = err;
    recordInfrastructureProblem('security', `escape matrix could not run: ${(err as Error).message}`);
  }
}, envScaled(matrixBudgetMs));

afterAll(async () => {
  await cleanup.runAllOrThrow();
});

function matrix(): MatrixRun {
  if (!run) throw setupError instanceof Error ? setupError : new Error(`the escape matrix did not run: ${String(setupError)}`);
  return run;
}

function outcome(entry: EscapeAttempt): AttemptOutcome {
  const a = matrix().attempts.find((x) => x.entry.id === entry.id);
  if (!a) throw new Error(`no outcome for ${entry.id}`);
  return a;
}

function verdictOf(entry: EscapeAttempt, runtime: Runtime, profile: Profile): { verdict: EscapeVerdict; reason: string } {
  const v = outcome(entry).verdicts.get(cellKey(runtime, profile));
  if (!v) throw new Error(`no verdict for ${entry.id} ${runtime}/${profile}`);
  return v;
}

describe('escape attempts', () => {
  test('every probe pod proves from inside which runtime it runs under', () => {
    const m = matrix();
    expect(m.identityProblems, 'a pod that asked for gVisor but is not in gVisor (or the reverse)').toEqual([]);
    const byRuntime = m.groups.filter((g) => g.result).map((g) => `${g.runtime}:${g.result?.identity.gvisor ? 'gvisor' : 'host'}`);
    expect(new Set(byRuntime)).toEqual(new Set(['runc:host', 'runsc:gvisor']));
  });

  test('proves the hardened namespace\'s egress policy in effect before any hardened pod runs (the victim stops answering, DNS keeps working)', () => {
    const p = matrix().hardenedPolicy;
    expect(p.reachableBefore, `before the policy, a pod in the hardened namespace reaches the victim and DNS: ${p.verdict.detail}`).toBe(true);
    expect(p.verdict.kind, `NetworkPolicy is not enforced: hardened pods reached ${p.target} ${p.budgetMs} ms after the policy: ${p.verdict.detail}`).toBe('enforced');
    if (p.verdict.kind === 'enforced') expect(p.verdict.allowedKept, `DNS keeps answering under the policy: ${p.verdict.detail}`).toBe(true);
  });

  test('every probe pod of the matrix reported a result document (a runc pod in the tenant namespace may be refused at admission instead)', () => {
    // The runc fallback guarded at admission refuses the harness's own hardened runc tenant pod: that cell cannot exist there.
    const refusedFallback = (g: GroupRun): boolean => g.status === refusedAtAdmission && g.role === 'tenant' && g.profile === 'hardened' && g.runtime === 'runc';
    const bad = matrix().groups.filter((g) => g.status !== 'succeeded' && !refusedFallback(g)).map((g) => `${g.namespace}/${g.pod}: ${g.status}: ${g.reason}`);
    expect(bad).toEqual([]);
  });

  const skipIfNotApplicable = (v: { verdict: EscapeVerdict; reason: string }, skip: (note: string) => never): void => {
    if (v.verdict === 'not-applicable') skip(v.reason);
  };

  // Kernel attack surface: in-pod privilege probes. What they can prove is about the host
  // kernel under runc (the privileged control is granted the call, the hardened pod is denied
  // it); under runsc the Sentry answers, which the runtime identity test proves, and the gate
  // reports the answers apart (gate.md, "Kernel attack surface"). No runsc claim is made here:
  // a "blocked by gVisor" that follows from the runtime alone would assert nothing.
  describe.each(escapeCatalog.filter((e) => !isEscapeAttempt(e)).map((e) => [e.id, e] as const))('%s (kernel attack surface)', (_id, entry) => {
    test(`the host kernel grants it to the weakened runc control (${entry.control})`, ({ skip }) => {
      const v = verdictOf(entry, 'runc', 'control');
      skipIfNotApplicable(v, skip);
      expect(v.verdict, v.reason).toBe('escaped');
    });

    test('the host kernel denies it to a hardened runc pod', ({ skip }) => {
      const v = verdictOf(entry, 'runc', 'hardened');
      skipIfNotApplicable(v, skip);
      expect(v.verdict, v.reason).toBe(entry.expected.hardened.runc);
    });
  });

  describe.each(escapeCatalog.filter(isEscapeAttempt).map((e) => [e.id, e] as const))('%s', (_id, entry) => {
    // A failed cell carries what every pod of the matrix saw of this attempt.
    afterEach(async ({ task }) => {
      if (task.result?.state === 'fail' && run) await attach(...cellEvidence(run.groups, entry.id));
    });

    test(`${entry.claim} under runsc`, ({ skip }) => {
      const v = verdictOf(entry, 'runsc', 'hardened');
      skipIfNotApplicable(v, skip);
      expect(['blocked-by-gvisor', 'blocked-by-policy'], v.reason).toContain(v.verdict);
      expect(v.verdict, v.reason).toBe(entry.expected.hardened.runsc);
    });

    test(`${entry.claim} under runc`, ({ skip }) => {
      const v = verdictOf(entry, 'runc', 'hardened');
      skipIfNotApplicable(v, skip);
      expect(v.verdict, v.reason).toBe(entry.expected.hardened.runc);
    });

    test(`sees the escape in the weakened control under runc (${entry.control})`, ({ skip }) => {
      const v = verdictOf(entry, 'runc', 'control');
      skipIfNotApplicable(v, skip);
      expect(v.verdict, v.reason).toBe('escaped');
    });

    test(`tells who blocks it: the weakened runsc control ${entry.expected.control.runsc === 'escaped' ? 'escapes' : 'is blocked by gVisor'}`, ({ skip }) => {
      const v = verdictOf(entry, 'runsc', 'control');
      skipIfNotApplicable(v, skip);
      expect(v.verdict, v.reason).toBe(entry.expected.control.runsc);
    });
  });
});
