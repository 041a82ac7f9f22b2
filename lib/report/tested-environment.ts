/**
 * What a run is tested on, read from the target: the API server's version, every node's kubelet,
 * container runtime, kernel and OS image (Node status), and the harness's own version and commit.
 * runsc's version per node joins later, from the gVisor configuration check (lib/report/gate.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VersionApi } from '@kubernetes/client-node';
import { repoRoot } from '../cluster/settings.js';
import type { Kube } from '../kube/client.js';
import type { TestedEnvironment } from './gate-schema.js';

/** The harness's version (package.json) and commit (`git rev-parse`; "unknown" outside a git checkout). */
export function harnessVersion(root: string = repoRoot): TestedEnvironment['harness'] {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  const git = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' });
  const commit = git.status === 0 ? `${git.stdout.trim()}${dirty.status === 0 && dirty.stdout.trim() !== '' ? '+changes' : ''}` : 'unknown';
  return { version, commit };
}

export async function readTestedEnvironment(kube: Kube): Promise<TestedEnvironment> {
  const version = await kube.config.makeApiClient(VersionApi).getCode();
  const nodes = (await kube.core.listNode()).items.map((n) => ({
    name: n.metadata?.name ?? '?',
    kubelet: n.status?.nodeInfo?.kubeletVersion ?? '?',
    containerRuntime: n.status?.nodeInfo?.containerRuntimeVersion ?? '?',
    kernel: n.status?.nodeInfo?.kernelVersion ?? '?',
    osImage: n.status?.nodeInfo?.osImage ?? '?',
  }));
  return { apiServer: version.gitVersion, harness: harnessVersion(), nodes: nodes.sort((a, b) => a.name.localeCompare(b.name)) };
}
