/**
 * The least-privilege identity the suites run as on the embedded cluster: the ServiceAccount
 * of deploy/rbac.yaml (the file a user applies to their own cluster), with a token Secret and
 * a kubeconfig of its own next to the admin one. `gauntlet run` and `npm test` give the suites
 * this kubeconfig, so a permission the code uses and the list lacks is a 403 in CI.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { InfrastructureError } from '../errors.js';
import { harnessKubeconfigPath } from '../paths.js';
import { harnessNamespace, harnessServiceAccount } from '../rbac/manifest.js';
import { repoRoot } from './settings.js';
import { kubectl } from './kubectl.js';

const tokenSecret = `${harnessServiceAccount}-token`;

/** Waits for the token controller to fill a ServiceAccount token Secret; returns the token. */
export async function serviceAccountToken(namespace: string, secret: string, component: string): Promise<string> {
  for (let i = 0; i < 60; i++) {
    const token = Buffer.from(await kubectl(['-n', namespace, 'get', 'secret', secret, '-o', 'jsonpath={.data.token}'], { component }), 'base64').toString();
    if (token) return token;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new InfrastructureError(`the ServiceAccount token Secret ${namespace}/${secret} was never filled`, `kubectl -n ${namespace} describe secret ${secret}`);
}

/** A kubeconfig for `user` with `token`, trusting the embedded cluster's CA. */
export async function tokenKubeconfig(server: string, user: string, token: string): Promise<string> {
  const ca = (await kubectl(['config', 'view', '--raw', '-o', 'jsonpath={.clusters[0].cluster.certificate-authority-data}'])).trim();
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'gauntlet', cluster: { server, 'certificate-authority-data': ca } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: user, context: { cluster: 'gauntlet', user } }],
    'current-context': user,
  });
}

/** Applies deploy/rbac.yaml and writes the harness kubeconfig; returns its path. */
export async function ensureHarnessIdentity(progress: (m: string) => void): Promise<string> {
  progress(`least-privilege identity: deploy/rbac.yaml, ServiceAccount ${harnessNamespace}/${harnessServiceAccount}`);
  await kubectl(['apply', '-f', join(repoRoot, 'deploy', 'rbac.yaml')], { component: 'harness RBAC' });
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/service-account-token',
    metadata: { name: tokenSecret, namespace: harnessNamespace, annotations: { 'kubernetes.io/service-account.name': harnessServiceAccount } },
  };
  await kubectl(['apply', '-f', '-'], { input: JSON.stringify(secret), component: 'harness RBAC' });
  const token = await serviceAccountToken(harnessNamespace, tokenSecret, 'harness RBAC');
  const server = (await kubectl(['config', 'view', '--raw', '-o', 'jsonpath={.clusters[0].cluster.server}'])).trim();
  const path = harnessKubeconfigPath();
  writeFileSync(path, await tokenKubeconfig(server, `system:serviceaccount:${harnessNamespace}:${harnessServiceAccount}`, token), { mode: 0o600 });
  return path;
}
