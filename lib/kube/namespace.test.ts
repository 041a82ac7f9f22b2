import { describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import { namespaceName, namespaceSuitePart, randomSuffix } from './namespace.js';

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

describe('namespace names', () => {
  it('are gauntlet-<suite>-<rand5>', () => {
    expect(namespaceName('isolation', 'ab12c')).toBe('gauntlet-isolation-ab12c');
    expect(namespaceName('performance')).toMatch(/^gauntlet-performance-[a-z0-9]{5}$/);
    expect(randomSuffix()).toMatch(/^[a-z0-9]{5}$/);
  });

  it('turn any suite name into a valid DNS label of at most 63 characters', () => {
    expect(namespaceSuitePart('My Suite_2')).toBe('my-suite-2');
    const long = namespaceName('x'.repeat(100), 'zzzzz');
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(dnsLabel);
    expect(namespaceName(`${'a'.repeat(47)}-b`, 'zzzzz')).toMatch(dnsLabel);
    expect(() => namespaceSuitePart('---')).toThrow(BadInputError);
  });
});
