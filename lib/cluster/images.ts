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
