import { describe, expect, it } from 'vitest';
import { parseCommandLines } from './sandbox-cmdline.js';

describe('parseCommandLines', () => {
  it('splits each sandbox line into its pid and argv', () => {
    const out = `412\trunsc-sandbox\x1f--root=/run/x\x1f--net-raw=true\x1fboot\x1fid1\x1f\n` + 'noise\n' + `77\trunsc-sandbox\x1fboot\x1f\n`;
    expect(parseCommandLines(out)).toEqual([
      { pid: 412, argv: ['runsc-sandbox', '--root=/run/x', '--net-raw=true', 'boot', 'id1'] },
      { pid: 77, argv: ['runsc-sandbox', 'boot'] },
    ]);
  });
});
