import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { withInput } from './node-shell.js';

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
