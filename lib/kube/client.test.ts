import { ApiException } from '@kubernetes/client-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { BadInputError } from '../errors.js';
import {
  chooseKubeconfig,
  createKube,
  describeKubeError,
  ignoreNotFound,
  isConflict,
  isNotFound,
  loadKubeConfig,
  statusCodeOf,
} from './client.js';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-client-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.unstubAllEnvs();
});

function kubeconfig(file: string, contexts: string[], current: string | undefined): string {
  const path = join(dir, file);
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    ...contexts.flatMap((c) => [`- name: ${c}-cluster`, '  cluster:', `    server: https://${c}.example:6443`]),
    'users:',
    ...contexts.flatMap((c) => [`- name: ${c}-user`, '  user:', '    token: t']),
    'contexts:',
    ...contexts.flatMap((c) => [`- name: ${c}`, '  context:', `    cluster: ${c}-cluster`, `    user: ${c}-user`]),
    ...(current ? [`current-context: ${current}`] : []),
  ];
  writeFileSync(path, lines.join('\n'));
  return path;
}

const exists = (present: string[]) => (p: string) => present.includes(p);

describe('chooseKubeconfig', () => {
  it('prefers the explicit option, then KUBECONFIG, then the local cluster', () => {
    vi.stubEnv('GAUNTLET_STATE', '/state');
    const env = { KUBECONFIG: `/a${delimiter}/missing${delimiter}/b` };
    expect(chooseKubeconfig({ kubeconfigPath: '/opt' }, env, exists(['/opt', '/a']))).toEqual({ origin: 'option', paths: ['/opt'] });
    expect(chooseKubeconfig({}, env, exists(['/a', '/b']))).toEqual({ origin: 'KUBECONFIG', paths: ['/a', '/b'] });
    expect(chooseKubeconfig({}, {}, exists(['/state/kubeconfig']))).toEqual({ origin: 'local-cluster', paths: ['/state/kubeconfig'] });
  });

  it('explains a missing kubeconfig with a hint', () => {
    vi.stubEnv('GAUNTLET_STATE', '/state');
    const none = exists([]);
    expect(() => chooseKubeconfig({ kubeconfigPath: '/opt' }, {}, none)).toThrow(/\/opt does not exist/);
    expect(() => chooseKubeconfig({}, { KUBECONFIG: '/a' }, none)).toThrow(/KUBECONFIG=\/a names no existing file/);
    try {
      chooseKubeconfig({}, {}, none);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BadInputError);
      expect((err as BadInputError).message).toContain('/state/kubeconfig does not exist');
      expect((err as BadInputError).hint).toContain('gauntlet cluster up');
    }
  });
});

describe('loadKubeConfig / createKube', () => {
  it('uses the current context, or the one asked for', () => {
    const path = kubeconfig('two.yaml', ['dev', 'prod'], 'dev');
    expect(loadKubeConfig({ kubeconfigPath: path }).config.getCurrentContext()).toBe('dev');
    const kube = createKube({ kubeconfigPath: path, context: 'prod' });
    expect(kube.context).toBe('prod');
    expect(kube.server).toBe('https://prod.example:6443');
    expect(kube.origin).toEqual({ origin: 'option', paths: [path] });
    expect(typeof kube.core.listNamespace).toBe('function');
  });

  it('rejects an unknown context, naming the known ones', () => {
    const path = kubeconfig('one.yaml', ['dev'], 'dev');
    expect(() => loadKubeConfig({ kubeconfigPath: path, context: 'nope' })).toThrow(BadInputError);
    try {
      loadKubeConfig({ kubeconfigPath: path, context: 'nope' });
    } catch (err) {
      expect((err as BadInputError).message).toBe(`Context "nope" does not exist in kubeconfig ${path}`);
      expect((err as BadInputError).hint).toContain('dev');
    }
  });

  it('rejects a kubeconfig without current-context when none is given', () => {
    const path = kubeconfig('nocurrent.yaml', ['dev'], undefined);
    expect(() => loadKubeConfig({ kubeconfigPath: path })).toThrow(/no current-context/);
  });

  it('merges a KUBECONFIG list like kubectl: first definition and current-context win', () => {
    const first = kubeconfig('first.yaml', ['a'], undefined);
    const second = kubeconfig('second.yaml', ['a', 'b'], 'b');
    const { config } = loadKubeConfig({}, { KUBECONFIG: [first, second].join(delimiter) });
    expect(config.getContexts().map((c) => c.name)).toEqual(['a', 'b']);
    expect(config.getCurrentContext()).toBe('b');
  });

  it('wraps an unreadable kubeconfig', () => {
    const path = join(dir, 'garbage.yaml');
    writeFileSync(path, ': : not yaml [');
    expect(() => loadKubeConfig({ kubeconfigPath: path })).toThrow(BadInputError);
  });
});

describe('error helpers', () => {
  const status = (code: number, reason: string, message: string) =>
    new ApiException(code, 'Unknown API Status Code!', JSON.stringify({ kind: 'Status', code, reason, message }), {});

  it('reads the status code, not the message', () => {
    expect(statusCodeOf(status(404, 'NotFound', 'pods "p" not found'))).toBe(404);
    expect(statusCodeOf({ statusCode: 410 })).toBe(410);
    expect(statusCodeOf(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(isNotFound(status(404, 'NotFound', 'x'))).toBe(true);
    expect(isNotFound(new Error('404 not found'))).toBe(false);
    expect(isConflict(status(409, 'AlreadyExists', 'x'))).toBe(true);
  });

  it('describes Kubernetes errors on one line', () => {
    expect(describeKubeError(status(403, 'Forbidden', 'pods is forbidden:\nUser "x"'))).toBe('HTTP 403 Forbidden: pods is forbidden: User "x"');
    expect(describeKubeError(new ApiException(401, 'Unauthorized', undefined, {}))).toBe('HTTP 401');
    expect(describeKubeError(new Error('socket hang up'))).toBe('socket hang up');
    // The exec WebSocket's rejection is an ErrorEvent-like object, not an Error.
    expect(describeKubeError({ type: 'error', message: 'Unexpected server response: 403' })).toBe('Unexpected server response: 403');
    expect(describeKubeError(Object.assign(new Error('Forbidden'), { statusCode: 403 }))).toBe('HTTP 403: Forbidden');
  });

  it('ignoreNotFound swallows only 404', async () => {
    await expect(ignoreNotFound(Promise.reject(status(404, 'NotFound', 'x')))).resolves.toBeUndefined();
    await expect(ignoreNotFound(Promise.resolve(7))).resolves.toBe(7);
    await expect(ignoreNotFound(Promise.reject(status(500, 'InternalError', 'x')))).rejects.toBeInstanceOf(ApiException);
  });
});
