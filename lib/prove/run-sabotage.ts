/**
 * One sabotage, end to end: apply it, run its smallest suite under a run id of its own, judge
 * that run's gate, restore the cluster (whatever happened) and check it is healthy again. The
 * answer is one row of the prove table.
 */
import { clusterHealthy } from '../cluster/up.js';
import { kubectl } from '../cluster/kubectl.js';
import { harnessKubeconfigPath } from '../paths.js';
import { runConfiguration } from '../config/load-config.js';
import { computeGate, thresholdsFrom } from '../report/gate.js';
import { collectRunResults } from '../report/record.js';
import { runSuite, withoutVitestEnv } from '../run/suite-process.js';
import { gvisorReadyLabel, gvisorReadyValue } from '../runtimes.js';
import { nodeGroupLabel } from '../cluster/settings.js';
import type { GateVerdict } from '../vocabulary.js';
import type { Sabotage, SabotageContext } from './sabotage.js';

export interface ProveRow {
  id: string;
  title: string;
  reach: Sabotage['reach'];
  area: Sabotage['area'];
  expected: string;
  /** The area's verdict in the sabotaged run, and the reason that matched (or the reasons it gave). */
  verdict: GateVerdict | 'not run';
  observed: string;
  detected: boolean;
  /** The cluster was whole again after the restore. */
  restored: boolean;
  /** Why the row could not be judged (apply or restore failed), if it could not. */
  problem?: string;
  runId: string;
  durationMs: number;
}

/** Ready gVisor workers, chosen by label (node group gvisor, marked ready by the installer), sorted by name. */
export async function gvisorWorkers(): Promise<string[]> {
  const out = await kubectl(['get', 'nodes', '-l', `${nodeGroupLabel}=gvisor,${gvisorReadyLabel}=${gvisorReadyValue}`, '-o', 'jsonpath={.items[*].metadata.name}'], { component: 'prove' });
  return out.split(/\s+/).filter(Boolean).sort();
}

/** Pure: did the area say what the sabotage must make it say? */
export function judgeDetection(s: Sabotage, verdict: GateVerdict, reasons: readonly string[]): { detected: boolean; observed: string } {
  const hit = reasons.find((r) => s.expect.reason.test(r));
  const detected = s.expect.verdicts.includes(verdict) && hit !== undefined;
  const observed = hit ?? (reasons.slice(0, 2).join('; ') || 'no reason given');
  return { detected, observed: observed.length > 300 ? `${observed.slice(0, 297)}...` : observed };
}

export interface RunSabotageOptions {
  proveRunId: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export async function runSabotage(s: Sabotage, o: RunSabotageOptions, index: number): Promise<ProveRow> {
  const started = Date.now();
  const runId = `${o.proveRunId}-s${index + 1}`;
  const ctx: SabotageContext = { gvisorWorkers: await gvisorWorkers(), runId, log: o.log };
  const base = { id: s.id, title: s.title, reach: s.reach, area: s.area, expected: `${s.expect.verdicts.join(' or ')}: ${s.expect.says}`, runId };
  let verdict: ProveRow['verdict'] = 'not run';
  let judged = { detected: false, observed: '' };
  let problem: string | undefined;
  try {
    o.log(`${s.id}: apply (${s.title}, ${s.reach})`);
    await s.apply(ctx);
    o.log(`${s.id}: run ${s.suite.project} ${s.suite.files.join(' ')} as run ${runId}`);
    // A child vitest of its own: none of a parent vitest worker's variables (the prove project runs this too).
    const env = withoutVitestEnv(o.env);
    // The judging run is the harness as users run it: the least-privilege identity of deploy/rbac.yaml.
    const outcome = await runSuite(s.suite.project, runId, { ...env, ...s.suite.env, GAUNTLET_RUN_ID: runId, GAUNTLET_KUBECONFIG: harnessKubeconfigPath() }, s.suite.files);
    const config = runConfiguration(o.env);
    const thresholds = thresholdsFrom({ ...config, performance: { ...config.performance, ...s.performanceThresholds } });
    const gate = computeGate({ ...collectRunResults(runId), suites: [outcome] }, thresholds);
    const area = gate.areas[s.area];
    verdict = area.verdict;
    judged = judgeDetection(s, area.verdict, area.reasons);
    o.log(`${s.id}: ${s.area} ${area.verdict}: ${judged.detected ? 'detected' : 'NOT detected'} (${judged.observed})`);
  } catch (err) {
    problem = `could not apply or run: ${(err as Error).message}`;
    o.log(`${s.id}: ${problem}`);
  }
  let restored = false;
  try {
    o.log(`${s.id}: restore`);
    await s.restore(ctx);
    restored = await clusterHealthy();
    if (!restored) problem = [problem, 'the cluster was not healthy after the restore'].filter(Boolean).join('; ');
  } catch (err) {
    problem = [problem, `restore failed: ${(err as Error).message}`].filter(Boolean).join('; ');
  }
  return { ...base, verdict, observed: judged.observed, detected: judged.detected, restored, ...(problem ? { problem } : {}), durationMs: Date.now() - started };
}
