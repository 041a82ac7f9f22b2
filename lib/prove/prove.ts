/**
 * `gauntlet prove`: every sabotage in turn on the embedded cluster, the table written to
 * reports/<run-id>/prove.md and prove.json. Refuses any cluster but the embedded one: a
 * sabotage is a real misconfiguration, never to be tried on a user's cluster.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKube, kubeOptionsFromEnv } from '../kube/client.js';
import { BadInputError } from '../errors.js';
import { localKubeconfigPath, reportsDir } from '../paths.js';
import { targetsEmbeddedCluster } from '../node-access/target.js';
import { provePassed, proveSummary, renderProveTable } from './prove-table.js';
import { runSabotage, type ProveRow } from './run-sabotage.js';
import { sabotages } from './sabotages.js';

/** Throws unless the target is the embedded local cluster (its kubeconfig, its node containers running here). */
export async function assertEmbeddedTarget(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const kube = createKube(kubeOptionsFromEnv(env), env);
  if (!(await targetsEmbeddedCluster(kube))) {
    throw new BadInputError(
      `gauntlet prove breaks the cluster on purpose and runs only on the embedded local cluster; the target is ${kube.server} (kubeconfig ${kube.origin.paths.join(', ') || 'none'})`,
      `Unset GAUNTLET_KUBECONFIG and KUBECONFIG (the embedded cluster's is ${localKubeconfigPath()}), and run \`npx gauntlet cluster up\` if its node containers are not running.`,
    );
  }
}

export interface ProveOptions {
  runId: string;
  /** Sabotage ids to run (default: all). */
  only?: readonly string[];
  env?: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export function selectSabotages(only: readonly string[] | undefined): typeof sabotages {
  if (!only || only.length === 0) return sabotages;
  const unknown = only.filter((id) => !sabotages.some((s) => s.id === id));
  if (unknown.length > 0) throw new BadInputError(`no sabotage ${unknown.join(', ')}`, `Choose among: ${sabotages.map((s) => s.id).join(', ')}.`);
  return sabotages.filter((s) => only.includes(s.id));
}

export async function runProve(o: ProveOptions): Promise<{ rows: ProveRow[]; passed: boolean; summary: string; table: string }> {
  const started = Date.now();
  const chosen = selectSabotages(o.only);
  const rows: ProveRow[] = [];
  for (const [i, s] of chosen.entries()) {
    o.log(`sabotage ${i + 1}/${chosen.length}: ${s.id}`);
    rows.push(await runSabotage(s, { proveRunId: o.runId, env: o.env ?? process.env, log: o.log }, i));
  }
  const table = renderProveTable(rows);
  const summary = proveSummary(rows, Date.now() - started);
  const dir = reportsDir(o.runId);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'prove.md'), `# gauntlet prove\n\n${summary}\n\n${table}\n`);
  writeFileSync(join(dir, 'prove.json'), `${JSON.stringify({ runId: o.runId, passed: provePassed(rows), rows }, null, 2)}\n`);
  return { rows, passed: provePassed(rows), summary, table };
}
