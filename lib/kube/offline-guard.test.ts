import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { NeedsClusterError } from '../errors.js';
import { createKube } from './client.js';
import { assertClusterAllowed, collectMode, collectModeVar } from './offline-guard.js';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-offline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('offline collection guard', () => {
  it('reads the collect mode; anything else is no collection', () => {
    expect(collectMode({ [collectModeVar]: 'offline' })).toBe('offline');
    expect(collectMode({ [collectModeVar]: 'online' })).toBe('online');
    expect(collectMode({ [collectModeVar]: 'yes' })).toBeUndefined();
    expect(collectMode({})).toBeUndefined();
  });

  it('forbids a cluster only offline, with a typed error that says why', () => {
    expect(() => assertClusterAllowed({ [collectModeVar]: 'online' })).not.toThrow();
    expect(() => assertClusterAllowed({})).not.toThrow();
    expect(() => assertClusterAllowed({ [collectModeVar]: 'offline' })).toThrow(NeedsClusterError);
    expect(() => assertClusterAllowed({ [collectModeVar]: 'offline' })).toThrow(/made from the cluster's nodes when it is collected/);
  });

  it('createKube refuses offline even with a valid kubeconfig at hand', () => {
    const path = join(dir, 'kc.yaml');
    writeFileSync(path, stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }], users: [{ name: 'u', user: { token: 't' } }], contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }], 'current-context': 'x' }));
    expect(createKube({ kubeconfigPath: path }).context).toBe('x');
    const before = process.env[collectModeVar];
    process.env[collectModeVar] = 'offline';
    try {
      expect(() => createKube({ kubeconfigPath: path })).toThrow(NeedsClusterError);
    } finally {
      if (before === undefined) delete process.env[collectModeVar];
      else process.env[collectModeVar] = before;
    }
  });
});
