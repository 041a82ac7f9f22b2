import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../lib/config/load-config.js';
import { kubeOptionsFrom, runtimeClassFrom } from './common.js';

describe('target precedence: flag > config file > GAUNTLET_* environment > KUBECONFIG/local (left to the client)', () => {
  const config = parseConfig({ target: { kubeconfig: '/cfg/kube', context: 'cfg', runtimeClass: 'gvisor-cfg' } });
  const env = { GAUNTLET_KUBECONFIG: '/env/kube', GAUNTLET_CONTEXT: 'env', GAUNTLET_RUNTIME_CLASS: 'gvisor-env' };

  it('flags win', () => {
    expect(kubeOptionsFrom({ kubeconfig: 'k', context: 'flag' }, config, env)).toEqual({ kubeconfigPath: resolve('k'), context: 'flag' });
  });
  it('then the config file, then the environment', () => {
    expect(kubeOptionsFrom({}, config, env)).toEqual({ kubeconfigPath: '/cfg/kube', context: 'cfg' });
    expect(kubeOptionsFrom({}, parseConfig({}), env)).toEqual({ kubeconfigPath: '/env/kube', context: 'env' });
  });
  it('nothing given: no kubeconfig path, so KUBECONFIG or the local cluster', () => {
    expect(kubeOptionsFrom({}, parseConfig({}), {})).toEqual({});
  });
  it('RuntimeClass: GAUNTLET_RUNTIME_CLASS, else the config', () => {
    expect(runtimeClassFrom(config, env)).toBe('gvisor-env');
    expect(runtimeClassFrom(config, {})).toBe('gvisor-cfg');
    expect(runtimeClassFrom(parseConfig({}), { GAUNTLET_RUNTIME_CLASS: '' })).toBe('gvisor');
  });
});
