import { join } from 'node:path';
import { clusterFixtures } from './settings.js';
import { runLogged } from './run-script.js';

const script = (name: string): string => join(clusterFixtures, name);

/** Installs Debian packages the cluster needs and makes sure the Docker engine runs. */
export async function ensureHostDeps(progress: (msg: string) => void): Promise<void> {
  progress('checking host packages and the Docker engine');
  await runLogged('bash', [script('scripts/install-deps.sh')], { component: 'host dependencies', progress: true });
}

export const goComponents = ['kubernetes', 'containerd', 'etcd', 'coredns', 'gvisor', 'kube-router', 'registry'] as const;

/** Builds every Go component (cached by version) and every image (cached by tag). */
export async function buildAll(progress: (msg: string) => void): Promise<void> {
  for (const c of goComponents) {
    progress(`build ${c} (cached by version)`);
    await runLogged('bash', [script('build/build-go.sh'), c], { component: `${c} build`, progress: true });
  }
  progress('build images');
  await runLogged('bash', [script('build/images.sh')], { component: 'image build', progress: true });
  progress('build the probe image');
  await runLogged('bash', [join(clusterFixtures, '..', 'probe', 'build.sh')], { component: 'probe image build', progress: true });
  progress('build the workloads image');
  await runLogged('bash', [join(clusterFixtures, '..', 'workloads', 'build.sh')], { component: 'workloads image build', progress: true });
}
