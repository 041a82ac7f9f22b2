import { describe } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import { test, expect } from './chaos-test.js';
import { scenario } from './scenario-record.js';
import { classifyRun, createPod } from '../../lib/chaos/probe-runs.js';
import { gvisorWorkers } from '../../lib/chaos/targets.js';
import { nodeAgentImage } from '../../lib/chaos/node-agent.js';
import { runtimeClassFor, runtimes } from '../../lib/runtimes.js';
import { envScaled, probeFinishMs } from '../../lib/timeouts.js';
import { waitForPod } from '../../lib/wait.js';

// The status model's oom-killed: a container the kernel's OOM killer ended is a resource
// finding, reported as such, not as a failed or invalid probe. The probe has no allocating
// mode, so a debian-tools container allocates: `tail` buffers an endless line from /dev/zero.

/** Small enough to be reached at once, large enough for gVisor's sentry to boot inside it. */
const memoryLimit = '96Mi';

const hog = (runtime: (typeof runtimes)[number], node: string): V1Pod => ({
  metadata: { name: 'memory-hog', labels: { 'sandbox-gauntlet.dev/runtime': runtime } },
  spec: {
    ...(runtimeClassFor[runtime] ? { runtimeClassName: runtimeClassFor[runtime] } : {}),
    nodeSelector: { 'kubernetes.io/hostname': node },
    restartPolicy: 'Never',
    automountServiceAccountToken: false,
    terminationGracePeriodSeconds: 1,
    containers: [
      {
        name: 'probe',
        image: nodeAgentImage(),
        imagePullPolicy: 'Never',
        command: ['tail', '/dev/zero'],
        resources: { requests: { memory: memoryLimit, cpu: '10m' }, limits: { memory: memoryLimit } },
      },
    ],
  },
});

describe.each(runtimes)('OOM under %s', (runtime) => {
  test(`reports a ${runtime} container ended by the OOM killer as oom-killed`, async ({ kube, namespace, cleanup }) => {
    await scenario('oom-killed', runtime, async (log) => {
      const [node = ''] = await gvisorWorkers(kube);
      const createdAt = await createPod(kube, namespace, hog(runtime, node), cleanup);
      const finished = await waitForPod(kube, namespace, 'memory-hog', 'Finished', envScaled(probeFinishMs));
      log.figure('create-to-oom-killed', finished.receivedAt - createdAt);
      const c = await classifyRun(kube, namespace, 'memory-hog');
      log.note(`${c.status}: ${c.reason}`);
      expect(c.status, c.reason).toBe('oom-killed');
    });
  });
});
