import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfrastructureError } from '../errors.js';
import { runLogged } from '../cluster/run-script.js';
import { kubectl } from '../cluster/kubectl.js';
import { ensureRegistry, pushImages } from '../cluster/registry.js';
import { clusterSettings, repoRoot } from '../cluster/settings.js';

export type InstallerMode = 'install' | 'uninstall';
const installerDir = join(repoRoot, 'fixtures', 'gvisor-installer');

/** Seconds the installer DaemonSet may take to roll out: it restarts containerd and boots a sandbox per node. */
export const installerRolloutS = 240;

/** Renders the installer manifests (namespace, RBAC, DaemonSet, RuntimeClass) for an image and mode. */
export function renderInstaller(image: string, mode: InstallerMode = 'install'): string {
  return readFileSync(join(installerDir, 'manifests', 'installer.yaml'), 'utf8').replaceAll('${IMAGE}', image).replaceAll('${MODE}', mode);
}

/** Builds the installer image (cached by key) and returns its reference. */
export async function buildInstallerImage(): Promise<string> {
  const out = await runLogged('bash', [join(installerDir, 'build.sh')], { component: 'gvisor-installer image build' });
  const ref = out.trim().split('\n').pop() ?? '';
  if (!ref.startsWith('gauntlet.local/gvisor-installer:')) throw new InfrastructureError('installer image build printed no reference', out);
  return ref;
}

/**
 * Installs gVisor on the local cluster the way a platform would: push the installer image to
 * the cluster's registry, apply the DaemonSet (its node selector picks the gVisor node
 * group), wait for its rollout.
 */
export async function installGvisorLocal(progress: (m: string) => void, mode: InstallerMode = 'install'): Promise<string> {
  progress('build the gVisor installer image');
  const local = await buildInstallerImage();
  const [image = local] = await pushImages(await ensureRegistry(clusterSettings()), [local]);
  progress(`pushed ${image} to the cluster registry`);
  progress(`apply the gVisor installer DaemonSet (${mode})`);
  await kubectl(['apply', '-f', '-'], { input: renderInstaller(image, mode), component: 'gvisor installer apply' });
  progress('waiting for the installer on every worker (installs runsc, patches and restarts containerd, verifies a sandbox)');
  await kubectl(['-n', 'gauntlet-system', 'rollout', 'status', 'daemonset/gvisor-installer', `--timeout=${installerRolloutS}s`], {
    component: 'gvisor installer rollout',
  });
  return image;
}
