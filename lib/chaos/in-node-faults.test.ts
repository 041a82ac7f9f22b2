import { describe, expect, it } from 'vitest';
import type { NodeShell } from '../node-access/node-shell.js';
import { containerdStartStamp, hiddenShimPath, hideShimVia, restartContainerdVia, unitState } from './in-node-faults.js';

/** A NodeShell that records what ran where and answers from `reply`. */
function fakeShell(reply: (argv: readonly string[]) => string): { shell: NodeShell; ran: { node: string; argv: readonly string[] }[] } {
  const ran: { node: string; argv: readonly string[] }[] = [];
  return {
    ran,
    shell: {
      kind: 'local',
      exec: async (node, argv) => {
        ran.push({ node, argv });
        return reply(argv);
      },
    },
  };
}

describe('in-node faults through a NodeShell', () => {
  it("reads a unit's state on the node it is given", async () => {
    const { shell, ran } = fakeShell(() => 'ActiveState=active\nExecMainStartTimestampMonotonic=123456\n');
    expect(await unitState(shell, 'worker-1', 'containerd')).toEqual({ active: 'active', startedMono: '123456' });
    expect(await containerdStartStamp(shell, 'worker-1')).toBe('123456');
    expect(ran.map((r) => r.node)).toEqual(['worker-1', 'worker-1']);
    expect(ran[0]?.argv.slice(0, 3)).toEqual(['systemctl', 'show', 'containerd']);
  });

  it('restarts containerd without blocking and waits for a new main process', async () => {
    let stamp = '100';
    const { shell, ran } = fakeShell((argv) => {
      if (argv.includes('restart')) stamp = '200';
      return `ActiveState=active\nExecMainStartTimestampMonotonic=${stamp}\n`;
    });
    const { back } = await restartContainerdVia(shell, 'worker-1');
    expect(back.value).toEqual({ active: 'active', startedMono: '200' });
    expect(ran.find((r) => r.argv.includes('restart'))?.argv).toEqual(['systemctl', '--no-block', 'restart', 'containerd']);
  });

  it('moves the shim aside and back on the same node', async () => {
    const { shell, ran } = fakeShell((argv) => (argv[0] === 'sh' && argv[2]?.startsWith('command -v') ? '/usr/local/bin/containerd-shim-runsc-v1\n' : ''));
    const hidden = await hideShimVia(shell, 'worker-2');
    expect(hidden.path).toBe('/usr/local/bin/containerd-shim-runsc-v1');
    await hidden.restore();
    expect(ran.map((r) => r.node)).toEqual(['worker-2', 'worker-2', 'worker-2']);
    expect(ran[1]?.argv).toEqual(['mv', hidden.path, hiddenShimPath(hidden.path)]);
    expect(ran[2]?.argv.slice(-2)).toEqual([hidden.path, '/usr/local/bin/.containerd-shim-runsc-v1.gauntlet-chaos-hidden']);
  });
});
