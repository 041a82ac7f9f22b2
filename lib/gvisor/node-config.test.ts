import { describe, expect, it } from 'vitest';
import { defaultGvisorPolicy } from '../config/schema.js';
import { nodeGvisorConfig } from './node-config.js';

describe('nodeGvisorConfig', () => {
  it('merges the findings of all sandboxes on a node, one per flag and value, and reports the first one\'s flags', () => {
    const c = nodeGvisorConfig('w2', [['runsc-sandbox', 'boot'], ['runsc-sandbox', '--net-raw=true', 'boot'], ['runsc-sandbox', '--net-raw=true', '--strace', 'boot']], defaultGvisorPolicy());
    expect(c.sandboxes).toBe(3);
    expect(c.flags['net-raw']).toBe('false');
    expect(c.findings.map((f) => `${f.flag}=${f.value}`)).toEqual(['net-raw=true', 'strace=true']);
  });
});
