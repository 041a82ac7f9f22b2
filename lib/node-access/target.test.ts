import { describe, expect, it } from 'vitest';
import { chooseNodeAccess, nodeAccessOverride, usesLocalKubeconfig } from './target.js';

describe('node access choice', () => {
  it('recognises the local cluster kubeconfig however the path is spelt', () => {
    expect(usesLocalKubeconfig(['/home/u/.local/state/sandbox-gauntlet/kubeconfig'], ['/home/u/.local/state/sandbox-gauntlet/kubeconfig', '/home/u/.local/state/sandbox-gauntlet/harness.kubeconfig'])).toBe(true);
    expect(usesLocalKubeconfig(['/home/u/.local/state/sandbox-gauntlet/../sandbox-gauntlet/kubeconfig'], ['/home/u/.local/state/sandbox-gauntlet/kubeconfig', '/home/u/.local/state/sandbox-gauntlet/harness.kubeconfig'])).toBe(true);
    expect(usesLocalKubeconfig(['/home/u/.kube/config'], ['/home/u/.local/state/sandbox-gauntlet/kubeconfig', '/home/u/.local/state/sandbox-gauntlet/harness.kubeconfig'])).toBe(false);
    expect(usesLocalKubeconfig([], ['/x'])).toBe(false);
    expect(usesLocalKubeconfig(['/home/u/.local/state/sandbox-gauntlet/harness.kubeconfig'], ['/home/u/.local/state/sandbox-gauntlet/kubeconfig', '/home/u/.local/state/sandbox-gauntlet/harness.kubeconfig'])).toBe(true);
  });

  it('uses docker exec on the embedded cluster and agents elsewhere, unless told', () => {
    expect(chooseNodeAccess(true, undefined)).toBe('local');
    expect(chooseNodeAccess(false, undefined)).toBe('agent');
    expect(chooseNodeAccess(true, 'agent')).toBe('agent');
    expect(() => chooseNodeAccess(false, 'local')).toThrow(/not the embedded local cluster/);
  });

  it('reads GAUNTLET_NODE_ACCESS and rejects unknown values', () => {
    expect(nodeAccessOverride({})).toBeUndefined();
    expect(nodeAccessOverride({ GAUNTLET_NODE_ACCESS: 'auto' })).toBeUndefined();
    expect(nodeAccessOverride({ GAUNTLET_NODE_ACCESS: 'agent' })).toBe('agent');
    expect(() => nodeAccessOverride({ GAUNTLET_NODE_ACCESS: 'ssh' })).toThrow(/not one of local, agent, auto/);
  });
});
