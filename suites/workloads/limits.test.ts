/**
 * Are a pod's resource limits enforced under gVisor as under runc? Memory, CPU, PIDs and ephemeral
 * storage, each past its limit with a control that shows the same pod going further without it
 * (or staying below it), under both runtimes on the gVisor node group. Each check is recorded
 * (lib/report/record.ts recordLimit); the compatibility area fails a limit runc enforces and runsc
 * does not (lib/report/gate-limits.ts). Figures and how runsc enforces each: docs/workloads.md,
 * "Resource limits".
 *
 * Order: the CPU windows first, alone (a fork bomb or a writer beside them would take the CPU the
 * unlimited control must show); then memory, PIDs and storage together. The runtimes run side by
 * side throughout.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe } from 'vitest';
import { test } from '../../fixtures/test-fixtures.js';
import { nodeCommandMs } from '../../lib/chaos/timeouts.js';
import { startPod } from '../../lib/chaos/probe-runs.js';
import { pollSource } from '../../lib/chaos/poll-source.js';
import { runConfiguration } from '../../lib/config/load-config.js';
import { InfrastructureError } from '../../lib/errors.js';
import { workloadsImage as imageFromEnv } from '../../lib/images.js';
import type { CleanupStack } from '../../lib/kube/cleanup.js';
import type { Kube } from '../../lib/kube/client.js';
import { workersFor } from '../../lib/kube/node-choice.js';
import { coresBetween, locatePodCgroup, readCpu, readPids, type PidsSample, type QosClass } from '../../lib/limits/cgroup.js';
import { evictionBudgetMs } from '../../lib/limits/eviction-budget.js';
import { judgeCpu, judgeMemory, judgePids, judgeStorage, type Judged } from '../../lib/limits/judge.js';
import type { LimitKind } from '../../lib/limits/kinds.js';
import { readKubeletConfig, readPodStorageStats } from '../../lib/limits/kubelet.js';
import { deletePodNow, nodeIsReady, observePod, runUntilFinished, type ObservedPod } from '../../lib/limits/observe.js';
import { limitContainerName, limitPod, limitScratchDir } from '../../lib/limits/pod.js';
import { busyCommand, forkBombCommand, hogCommand, parseForkBombLog, parseHogLog, writeCommand, type ForkBombLog } from '../../lib/limits/scripts.js';
import * as s from '../../lib/limits/settings.js';
import { renderLimitsTable } from '../../lib/limits/table.js';
import { nodeAccess } from '../../lib/node-access/target.js';
import type { NodeShell } from '../../lib/node-access/node-shell.js';
import { judgeLimits } from '../../lib/report/gate-limits.js';
import type { LimitCheck } from '../../lib/report/gate-schema.js';
import { recordLimit } from '../../lib/report/record.js';
import { runtimes, type Runtime } from '../../lib/runtimes.js';
import { cpuLimitWindowMs, envScaled, ephemeralEvictionMarginMs, forkBombSettleMs, limitPodFinishMs, podStartMs } from '../../lib/timeouts.js';
import { waitFor } from '../../lib/wait.js';

const config = runConfiguration();
const image = process.env.GAUNTLET_WORKLOADS_IMAGE ? imageFromEnv() : config.workloads.image;
const checks: LimitCheck[] = [];
const mib = (bytes: number | undefined): number => (bytes === undefined ? -1 : Math.round((bytes / 2 ** 20) * 10) / 10);

afterAll(() => {
  if (checks.length > 0) console.log(renderLimitsTable(judgeLimits(checks)));
});

function keep(limit: LimitKind, runtime: Runtime, node: string, setting: string, j: Judged, figures: LimitCheck['figures'], how?: string): LimitCheck {
  const c: LimitCheck = { limit, runtime, node, setting, ...j, figures, ...(how && { how }) };
  recordLimit(c);
  checks.push(c);
  return c;
}

/** The gVisor node a runtime's checks use: the group's nodes, chosen by label, the runtimes on different ones where there are two. */
async function nodeFor(kube: Kube, runtime: Runtime): Promise<string> {
  const nodes = await workersFor(kube, 'runsc');
  const node = nodes[runtimes.indexOf(runtime) % Math.max(nodes.length, 1)];
  if (!node) throw new InfrastructureError('the limits checks need a Ready, schedulable gVisor node (label sandbox-gauntlet.dev/gvisor=ready); found none', 'Run `gauntlet doctor` and fix what it reports.');
  return node;
}

const shellFor = async (kube: Kube, cleanup: CleanupStack, runId: string, suite: string): Promise<NodeShell> => (await nodeAccess({ kube, cleanup, runId, suite })).shell;

const base = (name: string, runtime: Runtime, node: string, command: string[], resources: Parameters<typeof limitPod>[0]['resources']) =>
  limitPod({ name, runtime, node, image, command, resources, labels: {} });

describe('CPU limit', () => {
  describe.concurrent.each(runtimes)('under %s', (runtime) => {
    test(`holds a busy pod to its CPU limit of ${s.cpuLimitCores} cores (+${s.cpuTolerance * 100} %) over ${cpuLimitWindowMs / 1000} s under ${runtime}, where the same pod unlimited uses more`, async ({ kube, namespace, cleanup, runId, suite, expect }) => {
      const node = await nodeFor(kube, runtime);
      const [shell, kubelet] = await Promise.all([shellFor(kube, cleanup, runId, suite), readKubeletConfig(kube, node)]);
      const cpu = `${s.cpuLimitCores * 1000}m`;
      const measure = async (name: string, limited: boolean) => {
        // The same pod either way, its request included (the same CFS weight against the node's other pods); only the limit differs.
        const pod = base(name, runtime, node, busyCommand(s.cpuBusyLoops), { requests: { cpu, memory: '32Mi' }, limits: { memory: '128Mi', ...(limited && { cpu }) } });
        const started = await startPod(kube, namespace, pod, cleanup, envScaled(podStartMs));
        const cgroup = await locatePodCgroup(shell, node, { cgroupRoot: kubelet.cgroupRoot, driver: kubelet.cgroupDriver, qos: (started.pod.status?.qosClass ?? 'Burstable') as QosClass, uid: started.pod.metadata?.uid ?? '' });
        const a = await readCpu(shell, cgroup);
        await sleep(cpuLimitWindowMs);
        const b = await readCpu(shell, cgroup);
        await deletePodNow(kube, namespace, name);
        return { cores: coresBetween(a, b), quota: b.quotaCores, throttled: b.throttledPeriods - a.throttledPeriods, windowS: Number(b.atNs - a.atNs) / 1e9 };
      };
      // The runtimes run side by side in opposite orders, so each unlimited window overlaps the
      // other runtime's limited pod (half a core), never its unlimited one: the control has the
      // rest of the machine to show what the limit holds back.
      const limitedFirst = runtimes.indexOf(runtime) % 2 === 0;
      const first = await measure(limitedFirst ? 'busy-limited' : 'busy-unlimited', limitedFirst);
      const second = await measure(limitedFirst ? 'busy-unlimited' : 'busy-limited', !limitedFirst);
      const [limited, unlimited] = limitedFirst ? [first, second] : [second, first];
      const j = judgeCpu({ limitCores: s.cpuLimitCores, tolerance: s.cpuTolerance, limitedCores: limited.cores, controlCores: unlimited.cores, windowS: Math.round(limited.windowS) });
      const how = runtime === 'runsc' ? `the quota is on the pod's cgroup, which holds the Sentry and gofer: the workload's and the Sentry's own CPU count against it together (${limited.throttled} throttled periods in the window)` : undefined;
      keep('cpu', runtime, node, `cpu ${s.cpuLimitCores}`, j, [
        { name: 'limited cores', value: limited.cores, unit: 'cores' },
        { name: 'unlimited cores', value: unlimited.cores, unit: 'cores' },
        { name: 'bound', value: s.cpuLimitCores * (1 + s.cpuTolerance), unit: 'cores' },
        { name: 'cgroup quota', value: limited.quota ?? -1, unit: 'cores' },
        { name: 'throttled periods', value: limited.throttled, unit: 'count' },
      ], how);
      expect(j.status, `${j.outcome}; control: ${j.control}`).toBe('enforced');
      expect(limited.quota, `the pod's cgroup quota on ${node} (cpu.cfs_quota_us / period)`).toBeCloseTo(s.cpuLimitCores, 3);
    });
  });
});

describe.concurrent('memory limit', () => {
  describe.concurrent.each(runtimes)('under %s', (runtime) => {
    test(`OOM-kills a pod that allocates past its ${s.memoryLimitMiB} MiB memory limit under ${runtime}, where the same allocation without a limit completes, and its node stays Ready`, async ({ kube, namespace, cleanup, expect }) => {
      const node = await nodeFor(kube, runtime);
      const hog = hogCommand(s.memoryAllocationMiB, s.memoryStepMiB);
      const requests = { cpu: '100m', memory: '64Mi' };
      const [limited, control] = await Promise.all([
        runUntilFinished(kube, namespace, base('hog-limited', runtime, node, hog, { requests, limits: { memory: `${s.memoryLimitMiB}Mi` } }), cleanup, envScaled(limitPodFinishMs)),
        runUntilFinished(kube, namespace, base('hog-unlimited', runtime, node, hog, { requests }), cleanup, envScaled(limitPodFinishMs)),
      ]);
      const ready = await nodeIsReady(kube, node);
      const l = parseHogLog(limited.log);
      const c = parseHogLog(control.log);
      const j = judgeMemory({ limitMiB: s.memoryLimitMiB, allocationMiB: s.memoryAllocationMiB, limited: { ...limited, allocatedMiB: l.allocatedMiB, held: l.done }, control: { ...control, held: c.done } });
      const how = runtime === 'runsc' && j.status === 'enforced'
        ? `the pod's memory cgroup holds the Sentry and gofer, whose own memory counts against the limit: the workload reached ${l.allocatedMiB} of ${s.memoryLimitMiB} MiB before the kernel's OOM killer ended the sandbox (exit ${limited.exitCode ?? '?'}: the runsc shim reports the killed sandbox, not a workload killed by SIGKILL's 137)`
        : undefined;
      keep('memory', runtime, node, `memory ${s.memoryLimitMiB}Mi`, { ...j, control: `${j.control}; node ${node} ${ready ? 'Ready' : 'NOT Ready'}` }, [
        { name: 'allocated before the kill', value: l.allocatedMiB, unit: 'MiB' },
        { name: 'limit', value: s.memoryLimitMiB, unit: 'MiB' },
        { name: 'exit code', value: limited.exitCode ?? -1, unit: 'count' },
      ], how);
      expect(j.status, `${j.outcome}; control: ${j.control}; log: ${limited.log.split('\n').slice(-3).join(' | ')}`).toBe('enforced');
      expect(ready, `node ${node} Ready after the OOM kill`).toBe(true);
    });
  });
});

describe.concurrent('PID limit', () => {
  describe.concurrent.each(runtimes)('under %s', (runtime) => {
    test(`keeps a fork bomb within the node's per-pod PID limit under ${runtime}, and the node and a neighbour pod keep working`, async ({ kube, namespace, cleanup, runId, suite, expect }) => {
      const node = await nodeFor(kube, runtime);
      const kubelet = await readKubeletConfig(kube, node);
      const limit = kubelet.podPidsLimit;
      const setting = `podPidsLimit ${limit ?? 'unset'} (kubelet on ${node})`;
      if (limit === undefined) {
        const j = judgePids({ podPidsLimit: undefined, cap: 0, forked: 0, finished: false, bombEnd: {}, peakPids: undefined, refused: undefined, neighbourRan: false, neighbour: 'not run', nodeReady: await nodeIsReady(kube, node) });
        keep('pids', runtime, node, setting, j, []);
        expect.fail(`${j.outcome}: set podPidsLimit in the kubelet's configuration (lib/cluster/kubeadm-config.ts does for new local clusters)`);
        return;
      }
      const cap = Math.min(limit * s.forkCapFactor, s.forkCapMax);
      expect(cap, `the bomb's cap must exceed the node's limit ${limit} to show it holds (forkCapMax ${s.forkCapMax})`).toBeGreaterThan(limit);
      const shell = await shellFor(kube, cleanup, runId, suite);
      // The bomb holds its sleepers while the harness reads the cgroup and runs the neighbour, then kills them itself if the harness is gone.
      const holdSeconds = Math.ceil((envScaled(podStartMs) + envScaled(nodeCommandMs)) / 1000);
      const started = await startPod(kube, namespace, base('fork-bomb', runtime, node, forkBombCommand(cap, holdSeconds, s.forkProgressEvery), { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '512Mi' } }), cleanup, envScaled(podStartMs));
      const cgroup = await locatePodCgroup(shell, node, { cgroupRoot: kubelet.cgroupRoot, driver: kubelet.cgroupDriver, qos: (started.pod.status?.qosClass ?? 'Burstable') as QosClass, uid: started.pod.metadata?.uid ?? '' });
      let pids: PidsSample = { max: undefined, current: undefined, peak: undefined, refused: undefined };
      let mostSeen = 0;
      // Until the bomb says it stopped, or its container ended (a sandbox that died at the limit says nothing more).
      const settled = await waitFor<ObservedPod, { seen: ObservedPod; log: ForkBombLog }>({
        what: `fork bomb ${namespace}/fork-bomb stopped forking`,
        source: pollSource(async () => {
          const [sample, seen] = await Promise.all([readPids(shell, cgroup).catch(() => undefined), observePod(kube, namespace, 'fork-bomb')]);
          if (sample?.max !== undefined) pids = sample;
          mostSeen = Math.max(mostSeen, sample?.current ?? 0);
          return seen;
        }),
        until: (seen) => {
          if (!seen) return { done: false, state: 'not read yet' };
          const log = parseForkBombLog(seen.log);
          const state = `${seen.state}; forked ${log.forked}; cgroup ${pids.current ?? '?'}/${pids.max ?? '?'} PIDs`;
          return log.finished || !seen.running ? { done: true, value: { seen, log }, state } : { done: false, state };
        },
        timeoutMs: envScaled(forkBombSettleMs),
      });
      const { seen: bomb, log } = settled.value;
      const after = await readPids(shell, cgroup).catch(() => undefined);
      if (after?.max !== undefined) pids = after;
      const panicLine = runtime === 'runsc' && !bomb.running
        ? (await shell.exec(node, ['sh', '-c', `head -n 1 /var/log/pods/${namespace}_fork-bomb_${bomb.uid}/gvisor_panic.log 2>/dev/null || true`])).trim()
        : '';
      const neighbour = await runUntilFinished(kube, namespace, base('neighbour', runtime, node, ['sh', '-c', 'echo neighbour ok'], { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } }), cleanup, envScaled(podStartMs));
      const neighbourRan = neighbour.exitCode === 0 && /neighbour ok/.test(neighbour.log);
      const ready = await nodeIsReady(kube, node);
      await deletePodNow(kube, namespace, 'fork-bomb');
      const peak = Math.max(pids.peak ?? 0, mostSeen) || undefined;
      const j = judgePids({ podPidsLimit: limit, cap, forked: log.forked, finished: log.finished, ...(log.stoppedBy !== undefined && { stoppedBy: log.stoppedBy }), bombEnd: bomb, peakPids: peak, refused: pids.refused, neighbourRan, neighbour: neighbour.waitFailed ?? neighbour.state, nodeReady: ready });
      const how = runtime === 'runsc'
        ? `the host's pids.max counts the Sentry's and gofer's threads and a systrap stub per guest address space, not the sandbox's own tasks: ${log.forked} guest processes took the pod's cgroup to ${peak ?? '?'} host PIDs; ${log.finished ? `fork then failed inside the sandbox (${log.stoppedBy ?? '?'})` : `at the limit the sandbox itself died (${bomb.state}${panicLine ? `; gvisor_panic.log: "${panicLine}"` : ''}), the workload never saw a fork fail`}`
        : undefined;
      keep('pids', runtime, node, setting, j, [
        { name: 'forked', value: log.forked, unit: 'count' },
        { name: 'cap', value: cap, unit: 'count' },
        { name: 'pod PID limit', value: limit, unit: 'count' },
        { name: 'cgroup peak PIDs', value: peak ?? -1, unit: 'count' },
        { name: 'forks refused at the limit', value: pids.refused ?? -1, unit: 'count' },
      ], how);
      expect(j.status, `${j.outcome}; control: ${j.control}`).toBe('enforced');
    });
  });
});

/**
 * The runsc-sandbox's memory files and rootfs overlay filestores on the node, each with the bytes
 * allocated to it: where a sandbox's written files live (its memory file, or a filestore on disk).
 */
async function readSandboxFiles(shell: NodeShell, node: string, kubelet: { cgroupRoot: string; cgroupDriver: 'cgroupfs' | 'systemd' }, uid: string, qos: QosClass): Promise<string> {
  const cgroup = await locatePodCgroup(shell, node, { cgroupRoot: kubelet.cgroupRoot, driver: kubelet.cgroupDriver, qos, uid });
  const procs = `${cgroup.mounts.controller('pids') ?? ''}${cgroup.path}/cgroup.procs`;
  const script = `for p in $(cat "$1"); do case "$(tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null)" in runsc-sandbox*) for fd in /proc/$p/fd/*; do t=$(readlink "$fd" | sed 's/ (deleted)$//'); case "$t" in *filestore*|*memfd:runsc-memory*) echo "$t $(( $(stat -L -c %b "$fd") * 512 ))";; esac; done;; esac; done`;
  const out = await shell.exec(node, ['sh', '-c', script, 'sh', procs]).catch((err: unknown) => `unreadable: ${err instanceof Error ? err.message : String(err)}`);
  return out.trim().split('\n').filter(Boolean).map((l) => { const [name = '', bytes = ''] = l.split(' '); return `${name} ${mib(Number(bytes))} MiB`; }).join(', ');
}

const places = [
  { kind: 'ephemeral-storage-rootfs', place: 'rootfs', dir: '/tmp' },
  { kind: 'ephemeral-storage-emptydir', place: 'emptyDir', dir: limitScratchDir },
] as const;

describe.concurrent('ephemeral-storage limit', () => {
  // How runsc bounds what its rootfs check shows it does not evict for: the rootfs overlay lives
  // in the sandbox's memory, so the memory limit is what holds it. runc writes to disk (page cache
  // the kernel can reclaim), so the same pod completes there: the control.
  test(`bounds rootfs writes by the pod's memory limit under runsc: writing ${s.memoryAllocationMiB} MiB to the rootfs with a ${s.memoryLimitMiB} MiB memory limit is OOM-killed, where under runc the same pod completes`, async ({ kube, namespace, cleanup, expect }) => {
    const writer = (runtime: Runtime, node: string) =>
      base(`rootfs-writer-${runtime}`, runtime, node, writeCommand(['/tmp/fill'], s.memoryAllocationMiB, 0), { requests: { cpu: '50m', memory: '32Mi' }, limits: { memory: `${s.memoryLimitMiB}Mi` } });
    const [runc, runsc] = await Promise.all(runtimes.map(async (r) => runUntilFinished(kube, namespace, writer(r, await nodeFor(kube, r)), cleanup, envScaled(limitPodFinishMs))));
    const said = (o: typeof runc): string => `${o?.state ?? '?'}; log: ${(o?.log ?? '').trim().split('\n').slice(-2).join(' | ')}`;
    console.log(`limits: ${s.memoryAllocationMiB} MiB written to the rootfs with a ${s.memoryLimitMiB} MiB memory limit: runc ${said(runc)}; runsc ${said(runsc)}`);
    expect(runc?.exitCode, `under runc the write goes to disk and completes: ${said(runc)}`).toBe(0);
    expect(runsc?.reason, `under runsc the rootfs is in the sandbox's memory, so the memory limit stops the write: ${said(runsc)}`).toBe('OOMKilled');
  });

  describe.concurrent.each(runtimes)('under %s', (runtime) => {
    for (const p of places) {
      const acceptedHere = runtime === 'runsc' && config.workloads.limitExceptions.some((e) => e.limit === p.kind);
      test(`evicts a pod that writes past its ${s.storageLimitMiB} MiB ephemeral-storage limit on its ${p.place} under ${runtime}, where a pod writing below it completes${acceptedHere ? ', or holds its writes in the sandbox memory, as workloads.limitExceptions accepts here' : ''}`, async ({ kube, namespace, cleanup, runId, suite, expect }) => {
        const node = await nodeFor(kube, runtime);
        const kubelet = await readKubeletConfig(kube, node);
        expect(kubelet.localStorageCapacityIsolation, `kubelet localStorageCapacityIsolation on ${node}`).toBe(true);
        const budget = evictionBudgetMs(kubelet.volumeStatsAggPeriodMs, envScaled(ephemeralEvictionMarginMs));
        const resources = { requests: { cpu: '50m', memory: '32Mi', 'ephemeral-storage': `${s.storageControlMiB}Mi` }, limits: { memory: '512Mi', 'ephemeral-storage': `${s.storageLimitMiB}Mi` } };
        const holdS = Math.ceil(budget / 1000);
        const [over, control] = await Promise.all([
          // The over-writer outlives the budget, so "not evicted" is seen as a pod still running.
          runUntilFinished(kube, namespace, base('write-over', runtime, node, writeCommand([`${p.dir}/fill`], s.storageOverMiB, holdS * 2), resources), cleanup, budget),
          runUntilFinished(kube, namespace, base('write-below', runtime, node, writeCommand([`${p.dir}/fill`], s.storageControlMiB, holdS), resources), cleanup, budget + envScaled(limitPodFinishMs)),
        ]);
        const wrote = new RegExp(`wrote ${s.storageOverMiB} MiB`).test(over.log);
        const stats = over.running ? await readPodStorageStats(kube, node, namespace, 'write-over', limitContainerName, 'scratch') : undefined;
        let sandboxFiles = '';
        if (runtime === 'runsc' && p.place === 'rootfs' && over.running) {
          const shell = await shellFor(kube, cleanup, runId, suite);
          sandboxFiles = await readSandboxFiles(shell, node, kubelet, over.uid, over.qos);
        }
        await deletePodNow(kube, namespace, 'write-over');
        const j = judgeStorage({ limitMiB: s.storageLimitMiB, overMiB: s.storageOverMiB, place: p.place, over: { ...over, wrote, ...(over.reason === 'Evicted' && { afterMs: over.elapsedMs }) }, control });
        const countedInMemory = stats?.memoryWorkingSetBytes !== undefined && stats.memoryWorkingSetBytes >= s.storageOverMiB * 2 ** 20;
        const how = runtime === 'runsc' && stats
          ? `after ${Math.round(budget / 1000)} s the kubelet counted ${mib(stats.ephemeralBytes)} MiB of ephemeral storage (rootfs ${mib(stats.rootfsBytes)} MiB, emptyDir ${mib(stats.volumeBytes)} MiB measured at ${stats.volumeMeasuredAt ?? '?'}) and a memory working set of ${mib(stats.memoryWorkingSetBytes)} MiB${countedInMemory ? `: the ${s.storageOverMiB} MiB went to the sandbox's memory (runsc's rootfs overlay held them in the Sentry's memory file, not on the disk the kubelet measures), so only the memory limit bounds them` : ''}${sandboxFiles ? `; on the node, the Sentry's files (allocated bytes): ${sandboxFiles}` : ''}`
          : undefined;
        keep(p.kind, runtime, node, `ephemeral-storage ${s.storageLimitMiB}Mi`, j, [
          ...(over.reason === 'Evicted' ? [{ name: 'evicted after', value: Math.round(over.elapsedMs / 100) / 10, unit: 's' }] : []),
          ...(stats ? [{ name: 'kubelet ephemeral-storage used', value: mib(stats.ephemeralBytes), unit: 'MiB' }, { name: 'memory working set', value: mib(stats.memoryWorkingSetBytes), unit: 'MiB' }] : []),
          { name: 'wait budget', value: Math.round(budget / 1000), unit: 's' },
        ], how);
        const said = `${j.outcome}; control: ${j.control}${how ? `; ${how}` : ''}${over.waitFailed ? `; ${over.waitFailed}` : ''}`;
        const accepted = runtime === 'runsc' && j.status === 'not-enforced' ? config.workloads.limitExceptions.find((e) => e.limit === p.kind) : undefined;
        if (accepted) {
          // An accepted difference still has to be the one accepted: the writes held in the sandbox's memory.
          console.log(`limits: ${p.kind} not enforced under runsc, accepted (workloads.limitExceptions): ${accepted.reason}`);
          expect(countedInMemory, `accepted as "${accepted.reason}", but the writes were not in the sandbox's memory: ${said}`).toBe(true);
          return;
        }
        expect(j.status, said).toBe('enforced');
      });
    }
  });
});
