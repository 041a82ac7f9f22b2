import { join } from 'node:path';
import { cacheDir, localKubeconfigPath } from '../paths.js';
import { readVersions } from './settings.js';
import { runLogged } from './run-script.js';

/** The kubectl built with the cluster; the host's own kubectl may be another version. */
export const kubectlPath = (): string => join(cacheDir(), 'bin', `kubernetes-${readVersions().KUBERNETES_VERSION}`, 'kubectl');

export function kubectl(args: string[], opts: { input?: string; component?: string; kubeconfig?: string } = {}): Promise<string> {
  return runLogged(kubectlPath(), ['--kubeconfig', opts.kubeconfig ?? localKubeconfigPath(), ...args], {
    component: opts.component ?? 'kubectl',
    input: opts.input,
  });
}
