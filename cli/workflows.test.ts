/**
 * The GitHub workflows parse and have the shape CI needs: triggers, a job on a hosted runner
 * with a time limit, steps that are either `run` or a pinned `uses`, the gauntlet commands,
 * the kubeconfig from a secret, and reports uploaded even when the gate fails. (No JSON schema
 * of workflows is available offline, so these are structural checks.)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './common.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  id?: string;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; 'timeout-minutes': number; steps: Step[]; env?: Record<string, string> }>;
}

const dir = join(projectRoot, '.github', 'workflows');
const load = (file: string): Workflow => {
  const doc = parseDocument(readFileSync(join(dir, file), 'utf8'), { uniqueKeys: true });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  return doc.toJS() as Workflow;
};
const allSteps = (w: Workflow): Step[] => Object.values(w.jobs).flatMap((j) => j.steps);
const script = (w: Workflow): string => allSteps(w).map((s) => s.run ?? '').join('\n');

describe('workflows', () => {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

  it('are the nightly and the release gate', () => {
    expect(files.sort()).toEqual(['nightly.yml', 'release-gate.yml']);
  });

  it.each(files)('%s: valid YAML with jobs of well-formed steps', (file) => {
    const w = load(file);
    expect(w.name).toEqual(expect.any(String));
    expect(w.permissions?.contents).toBe('read');
    for (const [name, job] of Object.entries(w.jobs)) {
      expect(job['runs-on'], name).toBe('ubuntu-latest');
      expect(job['timeout-minutes'], name).toBeGreaterThan(0);
      for (const s of job.steps) {
        expect(Boolean(s.run) !== Boolean(s.uses), `${file} step ${s.name ?? s.uses}: exactly one of run/uses`).toBe(true);
        if (s.uses) expect(s.uses, 'actions pinned to a major version').toMatch(/^actions\/[a-z-]+(\/[a-z-]+)?@v\d+$/);
      }
    }
    // Reports are uploaded whatever the verdict.
    const upload = allSteps(w).find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.if).toBe('always()');
    expect(String(upload?.with?.path)).toContain('reports/');
    expect(script(w)).toContain('npx gauntlet run');
    // The verdict is readable on the run's page: gate.md goes into the job summary.
    expect(script(w)).toContain('f="reports/$GAUNTLET_RUN_ID/gate.md"');
    expect(script(w)).toContain('cat "$f" >> "$GITHUB_STEP_SUMMARY"');
  });

  it('nightly: on a schedule and by hand, kubeconfig from a secret, trend against the previous gate', () => {
    const w = load('nightly.yml');
    expect(Object.keys(w.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect((w.on.schedule as { cron: string }[])[0]?.cron).toMatch(/^(\S+\s+){4}\S+$/);
    expect(w.jobs.gauntlet?.env?.KUBECONFIG_DATA).toBe('${{ secrets.GAUNTLET_KUBECONFIG }}');
    expect(script(w)).toContain('--baseline baseline/gate.json');
    expect(script(w)).toContain('npx gauntlet doctor');
    // The run step passes gauntlet's exit code on, so the job fails on 1 and 2.
    expect(allSteps(w).find((s) => s.id === 'run')?.run).toMatch(/code=\$\?[\s\S]*exit "\$code"/);
  });

  it('release gate: on version tags and by hand, failing unless the verdict is PASS over all areas', () => {
    const w = load('release-gate.yml');
    expect((w.on.push as { tags: string[] }).tags).toEqual(['v*']);
    expect(w.on).toHaveProperty('workflow_dispatch');
    const require = allSteps(w).find((s) => s.name === 'Require a full PASS');
    expect(require?.run).toContain('g.verdict !== "PASS" || !full');
    expect(require?.if).toBe('always()');
  });
});
