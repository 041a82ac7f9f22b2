import { describe, expect, it } from 'vitest';
import type { Kube } from '../kube/client.js';
import { installerNamespace } from '../gvisor/node-status.js';
import { KubeApiInjector } from './kube-api-injector.js';

describe('KubeApiInjector', () => {
  it('names the installer pod it deleted in victim, not in the free-text detail', async () => {
    const deleted: { namespace: string; name: string }[] = [];
    const kube = {
      core: {
        listNamespacedPod: async () => ({ items: [{ metadata: { name: 'gvisor-installer-old', deletionTimestamp: new Date() } }, { metadata: { name: 'gvisor-installer-abcde' } }] }),
        deleteNamespacedPod: async (r: { namespace: string; name: string }) => {
          deleted.push({ namespace: r.namespace, name: r.name });
          return {};
        },
      },
    } as unknown as Kube;
    const fault = await new KubeApiInjector(kube).deleteInstallerPod('worker-1');
    expect(fault.victim).toEqual({ namespace: installerNamespace, name: 'gvisor-installer-abcde' });
    expect(deleted).toEqual([fault.victim]);
    expect(fault).toMatchObject({ kind: 'delete-installer-pod', target: 'worker-1', injector: 'kube-api' });
    expect(fault.detail).toBe(`deleted pod ${installerNamespace}/gvisor-installer-abcde`);
  });
});
