import { run, type CelInput } from '@bufbuild/cel';
import { describe, expect, it } from 'vitest';
import { tenantRuntimeValidations } from './tenant-runtime-policy.js';

// The shipped policy's CEL expression, evaluated by a CEL implementation against pod specs
// that must pass and pod specs that must be refused (the API server evaluates the same text).
const toCel = (v: unknown): CelInput => {
  if (Array.isArray(v)) return v.map(toCel);
  if (v !== null && typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, toCel(x)]));
  return v as CelInput;
};
const pod = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }], ...spec } });
const [validation] = tenantRuntimeValidations();
const admits = (o: unknown): boolean => run(validation?.expression ?? 'false', { object: toCel(o) }) === true;

describe('the tenant runtime admission policy', () => {
  it('has one validation with a message naming what the pod asked for', () => {
    expect(tenantRuntimeValidations()).toHaveLength(1);
    expect(run(validation?.messageExpression ?? "''", { object: toCel(pod({})) })).toMatch(/no RuntimeClass \(the runc fallback\)/);
    expect(run(validation?.messageExpression ?? "''", { object: toCel(pod({ runtimeClassName: 'runc' })) })).toMatch(/asks for runc/);
  });

  it('admits pods that ask for the gVisor RuntimeClass', () => {
    expect(admits(pod({ runtimeClassName: 'gvisor' }))).toBe(true);
    expect(admits(pod({ runtimeClassName: 'gvisor', hostNetwork: false, nodeSelector: { a: 'b' } }))).toBe(true);
  });

  it('refuses the runc fallback: no runtimeClassName, an empty one, or another class', () => {
    expect(admits(pod({}))).toBe(false);
    expect(admits(pod({ runtimeClassName: '' }))).toBe(false);
    expect(admits(pod({ runtimeClassName: 'runc' }))).toBe(false);
    expect(admits(pod({ runtimeClassName: 'gvisor-debug' }))).toBe(false);
  });
});
