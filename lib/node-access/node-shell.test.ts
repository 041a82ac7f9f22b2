import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NodeAgent } from '../chaos/node-agent.js';
import type { Kube } from '../kube/client.js';
import { nodeAgentShell, withInput } from './node-shell.js';

describe('withInput', () => {
  it('leaves argv alone without input', () => {
    expect(withInput(['cat', '/etc/hostname'], undefined)).toEqual(['cat', '/etc/hostname']);
  });

  it('feeds the input to the command on stdin, byte for byte', () => {
    const input = 'gauntlet-canary-0123 "quoted" $HOME\nsecond line\n';
    const [cmd, ...args] = withInput(['sh', '-c', 'cat; echo "arg:$0"', 'x y'], input);
    expect(execFileSync(cmd ?? '', args, { encoding: 'utf8' })).toBe(`${input}arg:x y\n`);
  });
});

describe('nodeAgentShell', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const kube = {} as Kube;
  const fakeAgent = (namespace: string, node: string) => ({
    namespace,
    node,
    pod: `gauntlet-node-agent-${node}`,
    host: vi.fn(async (cmd: readonly string[]) => `${node}: ${cmd.join(' ')}`),
    remove: vi.fn(async () => undefined),
  });

  it('starts one agent per node on first use, in the namespace asked for, and runs argv on the host', async () => {
    const started: ReturnType<typeof fakeAgent>[] = [];
    const start = vi.spyOn(NodeAgent, 'start').mockImplementation(async (_k, namespace, node) => {
      const a = fakeAgent(namespace, node);
      started.push(a);
      return a as unknown as NodeAgent;
    });
    const onStarted = vi.fn();
    const shell = nodeAgentShell({ kube, namespace: async () => 'agents-ns', labels: { a: 'b' }, started: onStarted });
    expect(shell.kind).toBe('agent');
    expect(await shell.exec('worker-1', ['cat', '/etc/hostname'])).toBe('worker-1: cat /etc/hostname');
    await shell.exec('worker-1', ['true']);
    await shell.exec('worker-2', ['tee', '/x'], 'token');
    expect(start.mock.calls.map((c) => [c[1], c[2], c[3]])).toEqual([
      ['agents-ns', 'worker-1', { a: 'b' }],
      ['agents-ns', 'worker-2', { a: 'b' }],
    ]);
    expect(onStarted).toHaveBeenCalledTimes(2);
    expect(started[1]?.host).toHaveBeenCalledWith(withInput(['tee', '/x'], 'token'));
    expect(await shell.agent('worker-1')).toBe(started[0]);

    await shell.removeAgents();
    expect(started.map((a) => a.remove.mock.calls.length)).toEqual([1, 1]);
    // Forgotten once removed: the next use starts a new agent.
    await shell.exec('worker-1', ['true']);
    expect(start).toHaveBeenCalledTimes(3);
  });

  it('retries an agent whose start failed', async () => {
    const start = vi
      .spyOn(NodeAgent, 'start')
      .mockRejectedValueOnce(new Error('image not on the node'))
      .mockImplementation(async (_k, namespace, node) => fakeAgent(namespace, node) as unknown as NodeAgent);
    const shell = nodeAgentShell({ kube, namespace: async () => 'agents-ns' });
    await expect(shell.exec('worker-1', ['true'])).rejects.toThrow(/image not on the node/);
    expect(await shell.exec('worker-1', ['true'])).toBe('worker-1: true');
    expect(start).toHaveBeenCalledTimes(2);
    await shell.removeAgents();
  });
});
