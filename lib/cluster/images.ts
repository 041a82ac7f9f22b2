import { InfrastructureError } from '../errors.js';
import { runLogged } from './run-script.js';

/**
 * Loads Docker images into a node's containerd (namespace k8s.io, where the
 * CRI looks), streaming `docker save` into `ctr images import`.
 */
export async function loadImages(node: string, images: string[]): Promise<void> {
  if (images.length === 0) return;
  const script = 'set -o pipefail; docker save "$@" | docker exec -i "$NODE" ctr -n k8s.io images import - >/dev/null';
  try {
    await runLogged('bash', ['-c', script, 'load', ...images], { component: `image load ${node}`, env: { NODE: node } });
  } catch (err) {
    throw new InfrastructureError(`loading images into node ${node} failed: ${images.join(', ')}`, (err as InfrastructureError).hint, { cause: err });
  }
}

/**
 * Loads only the images whose Docker image id differs from the one last loaded into the
 * node (stamped under /var/lib/gauntlet/images), so `cluster up` on a running cluster
 * refreshes a rebuilt probe in seconds instead of reloading everything.
 */
export async function syncImages(node: string, images: string[], exec: (node: string, cmd: string[], input?: string) => Promise<string>): Promise<string[]> {
  const loaded: string[] = [];
  for (const image of images) {
    const id = (await runLogged('docker', ['image', 'inspect', '--format', '{{.Id}}', image], { component: 'image sync' })).trim();
    const stamp = `/var/lib/gauntlet/images/${image.replace(/[^A-Za-z0-9_.-]+/g, '_')}`;
    const seen = (await exec(node, ['bash', '-c', 'cat "$0" 2>/dev/null || true', stamp])).trim();
    if (seen === id) continue;
    await loadImages(node, [image]);
    await exec(node, ['bash', '-c', 'mkdir -p "$(dirname "$0")" && cat > "$0"', stamp], id);
    loaded.push(image);
  }
  return loaded;
}
