import { describe, expect, it } from 'vitest';
import { taskGrepName } from './test-names.js';

describe('test names as -t matches them', () => {
  it('from a runner task: its suites\' names and its own, joined by spaces, without the file or an unnamed default suite', () => {
    const file = { name: 'suites/chaos/oom.test.ts', filepath: '/repo/suites/chaos/oom.test.ts' };
    const unnamed = { name: '', suite: file };
    const describe = { name: 'OOM under runc', suite: unnamed };
    expect(taskGrepName({ name: 'reports it', suite: describe })).toBe('OOM under runc reports it');
    expect(taskGrepName({ name: 'top level', suite: file })).toBe('top level');
    expect(taskGrepName({ name: 'alone' })).toBe('alone');
  });
});
