/**
 * Doctor against the real cluster: it passes there, and it fails (exit 2, clearly) for a
 * RuntimeClass that does not exist and for an identity with no rights. Nothing shared is
 * changed: the missing RuntimeClass is a name that was never created, and the identity is a
 * fresh ServiceAccount in this test's namespace (deleted with it).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { expect, test } from '../fixtures/test-fixtures.js';
import { randomSuffix } from '../lib/kube/namespace.js';
import { kubeOptionsFromEnv } from '../fixtures/test-fixtures.js';
import { localKubeconfigPath } from '../lib/paths.js';
import { closedPort, kubeconfigYaml, runCli } from './cli-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-doctor-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const kubeconfig = kubeOptionsFromEnv().kubeconfigPath ?? process.env.KUBECONFIG ?? localKubeconfigPath();
const target = ['--kubeconfig', kubeconfig, ...(process.env.GAUNTLET_CONTEXT ? ['--context', process.env.GAUNTLET_CONTEXT] : [])];
const env = { GAUNTLET_RUNTIME_CLASS: '', GAUNTLET_CONFIG: '' };
const limitMs = 10_000;

describe('gauntlet doctor on the real cluster', () => {
  test('passes on a cluster that can run the suites', async () => {
    const r = await runCli(['doctor', ...target], { env });
    expect(r.stdout).toMatch(/RBAC sufficient\s+(ok|WARN)/);
    expect(r.stdout).toMatch(/gVisor verified per node\s+(ok|WARN)/);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  test('fails with exit 2 for a RuntimeClass that does not exist, naming it and how to fix it', async () => {
    const missing = `gauntlet-absent-${randomSuffix()}`;
    const r = await runCli(['doctor', ...target], { env: { ...env, GAUNTLET_RUNTIME_CLASS: missing } });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`RuntimeClass ${missing}  FAIL    RuntimeClass "${missing}" does not exist, so no pod can ask for gVisor`);
    expect(r.stdout).toContain('set target.runtimeClass / GAUNTLET_RUNTIME_CLASS to the name your platform uses');
    expect(r.stdout).toMatch(/API reachable\s+ok/);
    expect(r.elapsedMs).toBeLessThan(limitMs);
  });

  test('run stops after the doctor when the RuntimeClass is missing (configured in a file), no suite run', async () => {
    const missing = `gauntlet-absent-${randomSuffix()}`;
    const cfg = join(dir, 'missing-rc.yaml');
    writeFileSync(cfg, `target:\n  runtimeClass: ${missing}\n`);
    const runId = `doctor-e2e-${randomSuffix()}`;
    const r = await runCli(['run', ...target, '--config', cfg, '--suite', 'isolation'], { env: { ...env, GAUNTLET_RUN_ID: runId } });
    rmSync(join(process.cwd(), 'reports', runId), { recursive: true, force: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`RuntimeClass "${missing}" does not exist`);
    expect(r.stderr).toContain('no suite was run');
    expect(r.elapsedMs).toBeLessThan(limitMs);
  });

  test('fails with exit 2 for an identity without the rights the suites need, listing what is missing', async ({ kube, namespace }) => {
    const sa = 'gauntlet-no-rights';
    // Namespaced and deleted with the test's namespace; binds to nothing, so it has no rights.
    await kube.core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: sa } } });
    const token = await kube.core.createNamespacedServiceAccountToken({ namespace, name: sa, body: { spec: { expirationSeconds: 600 } } });
    const caData = kube.config.getCurrentCluster()?.caData;
    const file = join(dir, 'no-rights.yaml');
    writeFileSync(file, kubeconfigYaml(kube.server, ['no-rights'], { token: token.status?.token ?? '', ...(caData && { caData }) }));
    const r = await runCli(['doctor', '--kubeconfig', file], { env });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/API reachable\s+ok/);
    expect(r.stdout).toMatch(/RBAC sufficient\s+FAIL\s+\d+ of \d+ permission\(s\) missing: create namespaces \(One namespace per test[^)]*\); delete namespaces/);
    expect(r.stdout).toContain('get pods/log');
    expect(r.stdout).toContain('Apply deploy/rbac.yaml and bind its ClusterRole to the identity of this kubeconfig');
    expect(r.elapsedMs).toBeLessThan(limitMs);
  });

  test('an unreachable API fails fast even with a good CA and token shape', async () => {
    const file = join(dir, 'closed.yaml');
    writeFileSync(file, kubeconfigYaml(`https://127.0.0.1:${await closedPort()}`, ['closed']));
    const r = await runCli(['doctor', '--kubeconfig', file], { env });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/API reachable\s+FAIL\s+cannot reach the API server/);
    expect(r.elapsedMs).toBeLessThan(limitMs);
  });
});
