import { describe, expect, it } from 'vitest';
import { childrenOf } from './interrupt.js';

describe('childrenOf', () => {
  it('takes the direct children of a pid from a ps listing, not grandchildren or the pid itself', () => {
    const ps = ['    1     0', '  100     1', '  101   100', '  102   100', '  200   101', '  300     1', ''].join('\n');
    expect(childrenOf(100, ps)).toEqual([101, 102]);
    expect(childrenOf(999, ps)).toEqual([]);
  });
});
