import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { workloadPairs } from '../load/profile.js';
import { builtinAmounts, builtinWorkloads, scratchDir } from './builtin.js';
import { workloadSchema } from './definition.js';
import { stampCopied, stampInImage, workloadPod } from './pod.js';
import { serverPod, withServerAddress } from './server.js';

const image = 'registry.gauntlet.local/workloads:latest';

describe('the built-in workloads', () => {
  const all = builtinWorkloads(image);
  it('cover CPU, syscalls, file I/O on rootfs and emptyDir, process spawn and Python start-up, each valid and named once', () => {
    expect(all.map((w) => w.name)).toEqual(['cpu-bound', 'syscall-getpid', 'syscall-open-read-close', 'file-io-rootfs', 'file-io-emptydir', 'process-spawn', 'python-startup', 'net-throughput', 'net-latency']);
    for (const w of all) expect(workloadSchema.parse(w)).toEqual(w);
    expect(all.find((w) => w.name === 'file-io-emptydir')?.command).toContain(scratchDir);
  });
  it("name their server's address as {server}, and a server or the placeholder alone is refused", () => {
    const net = all.filter((w) => w.server !== undefined);
    expect(net.map((w) => [w.name, w.server])).toEqual([['net-throughput', 'net-server'], ['net-latency', 'net-server']]);
    expect(withServerAddress(net[0]!.command, '10.244.1.13:7070')).toEqual(['gauntlet-work', 'net-throughput', '10.244.1.13:7070', String(builtinAmounts.netMiB)]);
    expect(() => workloadSchema.parse({ name: 'c', image: 'i', command: ['curl', 'x'], server: 'net-server' })).toThrow(/name its address as \{server\}/);
    expect(() => workloadSchema.parse({ name: 'c', image: 'i', command: ['curl', 'http://{server}/'] })).toThrow(/no server is set/);
    expect(new RegExp((net[1]!.expect.stdout as { regex: string }).regex, 'm').test('net-latency 5000 ok p50 41.2 us p99 381.7 us\n')).toBe(true);
  });
  it('run the server under runc, Ready on its port, on the client’s node', () => {
    const pod = serverPod({ name: 's', server: 'net-server', workloadsImage: image, labels: {}, node: 'n1' });
    expect(pod.spec?.runtimeClassName).toBeUndefined();
    expect(pod.spec?.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'n1' });
    expect(pod.spec?.containers[0]).toMatchObject({ command: [stampInImage, 'net-server', '7070'], readinessProbe: { tcpSocket: { port: 7070 } }, securityContext: { runAsNonRoot: true } });
  });
  it("expect the exact stdout the stamp's binary prints", () => {
    const getpid = all.find((w) => w.name === 'syscall-getpid');
    expect(getpid?.expect.stdout).toEqual({ sha256: createHash('sha256').update(`getpid ${builtinAmounts.getpids} ok\n`).digest('hex') });
  });
});

describe('workload pods', () => {
  const [cpu] = builtinWorkloads(image);
  it('run the workloads image under its own stamp, without an init container, hardened, on the pinned node', () => {
    const pod = workloadPod({ name: 'p', runtime: 'runsc', workload: cpu!, workloadsImage: image, labels: {}, node: 'n1' });
    expect(pod.spec?.runtimeClassName).toBe('gvisor');
    expect(pod.spec?.initContainers).toEqual([]);
    expect(pod.spec?.containers[0]?.command?.slice(0, 3)).toEqual([stampInImage, 'stamp', '--']);
    expect(pod.spec?.containers[0]?.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.spec?.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'n1' });
  });
  it("give a user's image the stamp through an init container and an emptyDir", () => {
    const user = workloadSchema.parse({ name: 'mine', image: 'example/executor:1', command: ['run'] });
    const pod = workloadPod({ name: 'p', runtime: 'runc', workload: user, workloadsImage: image, labels: {} });
    expect(pod.spec?.runtimeClassName).toBeUndefined();
    expect(pod.spec?.initContainers?.[0]).toMatchObject({ image, command: [stampInImage, 'install', stampCopied] });
    expect(pod.spec?.containers[0]?.command).toEqual([stampCopied, 'stamp', '--', 'run']);
  });
});

describe('the workloads configuration', () => {
  it('takes fewer pairs under the CI profile', () => {
    expect(workloadPairs(10, {})).toEqual({ profile: 'full', pairs: 10 });
    expect(workloadPairs(10, { CI: 'true' })).toEqual({ profile: 'ci', pairs: 4 });
    expect(workloadPairs(3, { GAUNTLET_PERF_PROFILE: 'ci' })).toEqual({ profile: 'ci', pairs: 3 });
  });
  it('refuses two workloads of one name and an exception without a reason', () => {
    const w = { name: 'a', image: 'i', command: ['x'] };
    expect(() => parseConfig({ workloads: { list: [w, w] } })).toThrow(/distinct workload names/);
    expect(() => parseConfig({ workloads: { exceptions: [{ workload: 'a', reason: '' }] } })).toThrow(/reason/);
  });
  it('the acceptance configuration is valid: one user workload in a user image', () => {
    const text = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'workloads', 'acceptance.config.yaml'), 'utf8');
    const c = parseConfig(parse(text) as unknown);
    expect(c.workloads.list.map((x) => [x.name, x.image])).toEqual([['needs-sched-getattr', 'registry.gauntlet.local/debian-python:latest']]);
  });
});
