import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandInjector, commandTemplatesFromEnv, renderCommand, runHook } from './command-injector.js';
import { UnsupportedFaultError } from './fault-injector.js';

describe('CommandInjector', () => {
  it('substitutes the node name shell-quoted, so a hostile name stays one argument', () => {
    expect(renderCommand('stop {node}', "a'b; rm -rf /")).toBe(`stop 'a'\\''b; rm -rf /'`);
  });

  it('runs the stop-node command with the node substituted and in the environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-hook-'));
    const out = join(dir, 'out');
    const injector = new CommandInjector({ 'stop-node': `printf '%s|%s' {node} "$GAUNTLET_CHAOS_NODE" > ${out}` }, 5000);
    expect(injector.supports('stop-node')).toBe(true);
    expect(injector.supports('start-node')).toBe(false);
    const fault = await injector.stopNode("worker 'x'");
    expect(readFileSync(out, 'utf8')).toBe("worker 'x'|worker 'x'");
    expect(fault).toMatchObject({ kind: 'stop-node', target: "worker 'x'", injector: 'command' });
    await expect(injector.startNode('w')).rejects.toBeInstanceOf(UnsupportedFaultError);
  });

  it('fails on a non-zero exit with the command output as hint', async () => {
    const injector = new CommandInjector({ 'restart-containerd': 'echo boom >&2; exit 3' }, 5000);
    await expect(injector.restartContainerd('w')).rejects.toMatchObject({ hint: 'boom' });
  });

  it('kills a command that overruns its timeout', async () => {
    const started = Date.now();
    await expect(runHook('sleep 5', process.env, 300)).rejects.toThrow(/overran its 300 ms timeout/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reads templates from GAUNTLET_CHAOS_CMD_* and ignores empty ones', () => {
    expect(commandTemplatesFromEnv({ GAUNTLET_CHAOS_CMD_STOP_NODE: 'x {node}', GAUNTLET_CHAOS_CMD_START_NODE: ' ' })).toEqual({ 'stop-node': 'x {node}' });
  });
});
