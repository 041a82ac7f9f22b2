import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNodeReading, podProcesses, PodProcessesNotFoundError, readScript, type PodRef } from './pod-processes.js';

// The script's real output on the local cluster's node for one idle pod of each runtime.
const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'testdata', name), 'utf8');
const runsc: PodRef = { namespace: 'ns', name: 'oh-runsc-0', uid: '8ab1f748-4bfd-40c9-aeaf-189eeb2f2c6b', runtime: 'runsc', node: 'gauntlet-worker', containerIds: ['c7c5ba984946b4be981fe10d963bbc4cd4b0cd2618b15a344f05fc232eeb6eb6'] };
const runc: PodRef = { namespace: 'ns', name: 'oh-runc-0', uid: 'c55f846d-fa68-482b-88a2-3dcf2c2c67f2', runtime: 'runc', node: 'gauntlet-worker', containerIds: ['3c0554bf6e1544ba9bb221d1453410029c7daa6f09e3df72a83103822d3d4805'] };

const kindsOf = (r: ReturnType<typeof podProcesses>): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const p of r.processes) out[p.kind] = (out[p.kind] ?? 0) + 1;
  return out;
};

describe('a runsc pod on its node', () => {
  const r = podProcesses(runsc, parseNodeReading(fixture('reading-runsc.txt')));

  it('is tied to its sandbox through the container bundle', () => {
    expect(r.sandboxId).toBe('ab34fedfe3c881b387ff40a21f9c0acbee3c569465654221d90cbb005f9ff95d');
    expect(r.clockTicks).toBe(100);
  });

  it('has a shim and a gofer per container, one Sentry, a runsc wait per container, and the Sentry\'s systrap stubs as the application', () => {
    expect(kindsOf(r)).toEqual({ shim: 2, gofer: 2, sentry: 1, runsc: 2, app: 5 });
  });

  it('reads the Sentry\'s memory and CPU', () => {
    const sentry = r.processes.find((p) => p.kind === 'sentry');
    expect(sentry?.pid).toBe(29592);
    expect(sentry?.pssKb).toBeGreaterThan(sentry?.pssAnonKb ?? Infinity);
    expect(sentry?.rssKb).toBeGreaterThan(sentry?.pssKb ?? Infinity);
    expect(sentry?.cpuMs).toBe((33 + 101) * 10);
  });
});

describe('a runc pod on its node', () => {
  const r = podProcesses(runc, parseNodeReading(fixture('reading-runc.txt')));

  it('has one shim for the pod, pause, and the container\'s own sleep', () => {
    expect(kindsOf(r)).toEqual({ shim: 1, pause: 1, workload: 1 });
    expect(r.processes.find((p) => p.kind === 'workload')?.name).toBe('sleep');
  });
});

describe('processes that cannot be found', () => {
  it('is an error naming the pod and the id when no bundle has it (a wrong id)', () => {
    const reading = parseNodeReading('tick\t100\nmissing\tdeadbeefdeadbeefdeadbeef\n');
    expect(() => podProcesses({ ...runsc, containerIds: ['deadbeefdeadbeefdeadbeef'] }, reading)).toThrow(PodProcessesNotFoundError);
    expect(() => podProcesses({ ...runsc, containerIds: ['deadbeefdeadbeefdeadbeef'] }, reading)).toThrow(/pod ns\/oh-runsc-0 \(runsc\) on node gauntlet-worker: no containerd bundle for id\(s\) deadbeefdead/);
  });

  it('is an error when the bundles belong to another pod', () => {
    expect(() => podProcesses({ ...runsc, uid: 'other-uid' }, parseNodeReading(fixture('reading-runsc.txt')))).toThrow(/belongs to pod uid 8ab1f748-.* not other-uid/);
  });

  it('is an error when a runsc pod has no Sentry on the node', () => {
    const noSentry = fixture('reading-runsc.txt').split('\n').filter((l) => !/^(proc|stat|smaps)\t29592\t/.test(l)).join('\n');
    expect(() => podProcesses(runsc, parseNodeReading(noSentry))).toThrow(/no sentry process for sandbox ab34fedfe3c8/);
  });

  it('is an error when the API names no container', () => {
    expect(() => podProcesses({ ...runc, containerIds: [] }, parseNodeReading('tick\t100\n'))).toThrow(/names no container id/);
  });

  it('is what the node script itself reports for an id no container has (run here, on this machine\'s /proc)', () => {
    const out = execFileSync('sh', ['-c', readScript], { input: 'no-such-uid\nfeedfacefeedfacefeedface\n', encoding: 'utf8' });
    const reading = parseNodeReading(out);
    expect(reading.missing).toEqual(['feedfacefeedfacefeedface']);
    expect(reading.processes).toEqual([]);
  });
});
