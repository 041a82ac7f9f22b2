/**
 * Benchmark (not a test): how long after a tenant egress policy is created a tenant pod's
 * connection to a canary stops, per runtime, over several trials; and whether DNS and the named
 * platform service stayed reachable. Each trial is the isolation suite's tenant-egress trial
 * (lib/network-policy/tenant-egress-run.ts) in fresh namespaces. Resolution: the client's
 * 200 ms loop.
 *
 *   npx tsx scripts/bench-network-policy.ts [--rounds 5]     # against GAUNTLET_KUBECONFIG or the local cluster
 */
import { CleanupStack } from '../lib/kube/cleanup.js';
import { createKube, kubeOptionsFromEnv } from '../lib/kube/client.js';
import { createNamespace } from '../lib/kube/namespace.js';
import { runTenantEgressTrial } from '../lib/network-policy/tenant-egress-run.js';
import { runId as currentRunId } from '../lib/run-id.js';
import { runtimes } from '../lib/runtimes.js';
import { summary } from '../lib/stats/quantile.js';

const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 5;
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error('bench-network-policy: --rounds needs a whole number of at least 1');
  process.exit(2);
}
const kube = createKube(kubeOptionsFromEnv());
const runId = currentRunId();
const suite = 'bench';

for (const runtime of runtimes) {
  const enforceMs: number[] = [];
  const problems: string[] = [];
  for (let i = 0; i < rounds; i++) {
    const cleanup = new CleanupStack();
    try {
      const namespace = await createNamespace(kube, cleanup, { runId, suite });
      const trial = await runTenantEgressTrial({ kube, cleanup, runId, suite, runtime, namespace });
      if (!trial.reachable) problems.push(`round ${i}: the control failed (nothing answered before the policy)`);
      else if (trial.verdict.kind !== 'enforced') problems.push(`round ${i}: not enforced within ${trial.budgetMs} ms: ${trial.verdict.detail}`);
      else {
        enforceMs.push(trial.verdict.afterMs);
        if (!trial.verdict.allowedKept) problems.push(`round ${i}: allowed traffic cut: ${trial.verdict.detail}`);
      }
      console.error(`[bench] ${runtime} round ${i + 1}/${rounds}: ${trial.verdict.detail}`);
    } finally {
      await cleanup.runAll();
    }
  }
  const s = enforceMs.length > 0 ? summary(enforceMs) : undefined;
  console.log(
    `${runtime}: policy created → canary connection stopped: ${s ? `p50 ${s.p50.toFixed(0)} ms, min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)} (n=${s.n})` : 'never'}${problems.length ? `; problems: ${problems.join('; ')}` : ''}`,
  );
}
