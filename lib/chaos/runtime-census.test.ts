import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { judgeCensus, parseRuntimeProcesses } from './runtime-census.js';

const a = 'ac224102e5f094d2e1c9cbb59730121d1d407b3b9d3271b074b4797f6776cc43';
const b = '94cbc2010bc769bd41ca75d5f82b16dbeafaaa07c34fcea094929456f53d80c7';
// Captured from a gauntlet worker with one runsc pod (`ps -eo pid=,args=`), shortened.
const ps = [
  `   475 /usr/local/bin/containerd-shim-runc-v2 -namespace k8s.io -id 366e -address /run/containerd/containerd.sock`,
  `  4085 runsc-gofer --root=/run/containerd/runsc/k8s.io --log=/run/containerd/io.containerd.runtime.v2.task/k8s.io/${a}/log.json --log-format=json gofer --bundle=/run/containerd/io.containerd.runtime.v2.task/k8s.io/${a}`,
  `  4089 runsc-sandbox --root=/run/containerd/runsc/k8s.io --log=/run/containerd/io.containerd.runtime.v2.task/k8s.io/${a}/log.json boot --apply-caps=false ${a}`,
  `  4133 runsc --root=/run/containerd/runsc/k8s.io wait ${a}`,
  `  4180 runsc-gofer --log-format=json --root=/run/containerd/runsc/k8s.io --log=/run/containerd/io.containerd.runtime.v2.task/k8s.io/${b}/log.json --log-fd=3 gofer`,
].join('\n');

const pod = (uid: string): V1Pod => ({ metadata: { uid } });

describe('runtime census', () => {
  it('finds sandbox and gofer processes with their container ids, not the shim or runsc wait', () => {
    expect(parseRuntimeProcesses(ps)).toEqual([
      { pid: 4085, role: 'gofer', containerId: a },
      { pid: 4089, role: 'sandbox', containerId: a },
      { pid: 4180, role: 'gofer', containerId: b },
    ]);
  });

  it('is clean when every process belongs to a running runsc pod and every such pod has a sandbox', () => {
    const procs = parseRuntimeProcesses(ps).map((p) => ({ ...p, podUid: 'u1' }));
    const c = judgeCensus(procs, [pod('u1')]);
    expect(c.orphans).toEqual([]);
    expect(c.podsWithoutSandbox).toEqual([]);
    expect(c.sandboxPods).toEqual(['u1']);
  });

  it('calls processes of a pod that is not running orphans, and names running pods without a sandbox', () => {
    const procs = parseRuntimeProcesses(ps).map((p) => ({ ...p, podUid: p.containerId === b ? undefined : 'gone' }));
    const c = judgeCensus(procs, [pod('u2')]);
    expect(c.orphans.map((o) => o.pid)).toEqual([4085, 4089, 4180]);
    expect(c.podsWithoutSandbox).toEqual(['u2']);
  });
});
