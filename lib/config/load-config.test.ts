import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import { findConfigFile, loadConfig } from './load-config.js';
import { defaultConfig } from './schema.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gauntlet-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('no file in the directory: the defaults', () => {
    expect(findConfigFile(dir)).toBeUndefined();
    expect(loadConfig(undefined, { cwd: dir })).toEqual(defaultConfig);
  });

  it('reads gauntlet.config.yaml from the directory and fills defaults', () => {
    writeFileSync(join(dir, 'gauntlet.config.yaml'), 'performance:\n  pairs: 40\n  concurrency: [1, 2]\nsecurity:\n  allowEscapes: 0\n');
    const c = loadConfig(undefined, { cwd: dir });
    expect(c.performance.pairs).toBe(40);
    expect(c.performance.concurrency).toEqual([1, 2]);
    expect(c.performance.minSuccesses).toBe(28);
  });

  it('reads JSON, and resolves a relative kubeconfig against the file', () => {
    const file = join(dir, 'custom.json');
    writeFileSync(file, JSON.stringify({ target: { kubeconfig: 'kube/config', context: 'eks' } }));
    const c = loadConfig(file);
    expect(c.target).toEqual({ kubeconfig: join(dir, 'kube', 'config'), context: 'eks', runtimeClass: 'gvisor' });
  });

  it('an empty YAML file is all defaults', () => {
    writeFileSync(join(dir, 'gauntlet.config.yaml'), '');
    expect(loadConfig(undefined, { cwd: dir })).toEqual(defaultConfig);
  });

  it('a named file that does not exist is bad input', () => {
    expect(() => loadConfig('missing.yaml', { cwd: dir })).toThrow(BadInputError);
    expect(() => loadConfig('missing.yaml', { cwd: dir })).toThrow(/does not exist/);
  });

  it('broken YAML and broken JSON are bad input naming the file', () => {
    writeFileSync(join(dir, 'bad.yaml'), 'performance:\n  pairs: [1,\n');
    writeFileSync(join(dir, 'bad.json'), '{"performance": ');
    expect(() => loadConfig('bad.yaml', { cwd: dir })).toThrow(/bad\.yaml is not valid YAML/);
    expect(() => loadConfig('bad.json', { cwd: dir })).toThrow(/bad\.json is not valid JSON/);
  });

  it('duplicate YAML keys are bad input (the second would silently win otherwise)', () => {
    writeFileSync(join(dir, 'dup.yaml'), 'performance:\n  pairs: 32\n  pairs: 4\n');
    expect(() => loadConfig('dup.yaml', { cwd: dir })).toThrow(/not valid YAML/);
  });

  it('validation errors name the file and the field', () => {
    writeFileSync(join(dir, 'gauntlet.config.yaml'), 'resilience:\n  maxLostResults: -1\n');
    expect(() => loadConfig(undefined, { cwd: dir })).toThrow(/gauntlet\.config\.yaml: 1 invalid field\(s\):\n {2}- resilience\.maxLostResults: expected an integer ≥ 0, got -1/);
  });
});
