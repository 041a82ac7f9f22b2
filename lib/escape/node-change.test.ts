import { describe, expect, it } from 'vitest';
import { cellMarks, nodeChanges, parseNodeState, writerArgs } from './node-change.js';

const stateOut = (o: { core?: string; agent?: string; module?: string; raw?: string }): string =>
  [
    `core_pattern\t${o.core ?? 'core'}`,
    'sys\t4096',
    `release_agent:/sys/fs/cgroup/memory/release_agent\t${o.agent ?? ''}`,
    'release_agent:/sys/fs/cgroup/pids/release_agent\t',
    `module\t${o.module ?? ''}`,
    `raw\t${o.raw ?? '0'}`,
  ].join('\n');

describe('node-change evidence', () => {
  it('parses the node state, absent knobs staying absent', () => {
    const s = parseNodeState(stateOut({ module: '3,812,99,-;Invalid ELF header len 4', raw: '2' }));
    expect(s).toEqual({ corePattern: 'core', sys: '4096', releaseAgents: { '/sys/fs/cgroup/memory/release_agent': '', '/sys/fs/cgroup/pids/release_agent': '' }, moduleRecord: { seq: 812, message: 'Invalid ELF header len 4' }, rawPackets: 2 });
    expect(parseNodeState('raw\t\n').rawPackets).toBeUndefined();
  });

  it('gives every cell its own values, away from the current ones', () => {
    const a = cellMarks('20261201-114545-ad66', 0, { sys: '4321' });
    const b = cellMarks('20261201-114545-ad66', 1, { sys: '4096' });
    expect(a.sys).not.toBe('4321');
    expect(new Set([a.corePattern, b.corePattern]).size).toBe(2);
    expect(new Set([a.rawSource, b.rawSource]).size).toBe(2);
    expect(a.releaseAgent.startsWith('/nonexistent/')).toBe(true);
    expect(writerArgs(a, '172.30.99.11')).toEqual(expect.arrayContaining(['--raw-dst', '172.30.99.11', '--core-pattern-value', a.corePattern]));
  });

  it('sees a change only when the node holds this cell\'s value, a new module record or a counted packet', () => {
    const marks = cellMarks('r1', 2, {});
    const before = parseNodeState(stateOut({ module: '3,10,1,-;old', raw: '5' }));
    const still = nodeChanges(before, before, marks);
    expect([...still.values()].every((c) => !c.seen)).toBe(true);
    const after = parseNodeState(stateOut({ core: marks.corePattern, agent: marks.releaseAgent, module: '3,11,2,-;Invalid ELF header len 4', raw: '6' }));
    const changed = nodeChanges(before, after, marks);
    for (const id of ['kernel.core-pattern-write', 'cgroup.release-agent', 'syscall.init-module', 'net.raw-socket']) expect(changed.get(id)?.seen, id).toBe(true);
    // Another cell's value on the node is not this cell's change.
    const other = parseNodeState(stateOut({ core: cellMarks('r1', 1, {}).corePattern }));
    expect(nodeChanges(before, other, marks).get('kernel.core-pattern-write')?.seen).toBe(false);
    expect(changed.get('kernel.sysrq-write')).toEqual({ seen: false, detail: 'the node has no kernel.sysrq' });
  });
});
