import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { RuntimeOverheadSummary } from '../report/gate-schema.js';
import { summary } from '../stats/quantile.js';
import { compareWithExisting, cpuMillicores, memoryBytes, recommendOverhead, runtimeClassYaml } from './recommend.js';

const rule = { memoryHeadroom: 0.25, memoryStepMi: 8, minCpuMillicores: 10 };
const Mi = 1024;

/** A runtime's figures from per-pod overhead PSS (kB) and idle CPU (ms per minute). */
function figures(pssKb: number[], idleMsPerMin: number[], startMs: number[] = [100]): RuntimeOverheadSummary {
  return {
    pods: pssKb.length,
    kinds: {},
    overhead: { rssKb: summary(pssKb), pssKb: summary(pssKb), startCpuMs: summary(startMs), idleCpuMsPerMin: summary(idleMsPerMin) },
    workloadPssKb: summary([500]),
  };
}

describe('recommendOverhead', () => {
  it('takes runsc p95 minus runc p50, adds the headroom and rounds memory up to the step; CPU is the idle rate in millicores', () => {
    // runsc PSS p95 of [40, 40, 40, 40] MiB = 40; runc p50 = 6: 34 MiB × 1.25 = 42.5 → 48Mi.
    // Idle: runsc p95 2100 ms/min = 35 m; runc p50 6 ms/min = 0.1 m: 34.9 → 35m.
    const r = recommendOverhead(figures([6 * Mi, 6 * Mi], [6, 6]), figures([40 * Mi, 40 * Mi, 40 * Mi, 40 * Mi], [2100, 2100, 2100, 2100], [900]), rule);
    expect(r.memoryMi).toBe(48);
    expect(r.cpuMillicores).toBe(35);
    expect(r.basis.pssKb).toBe(34 * Mi);
    expect(r.basis.startCpuMs).toBe(800);
    expect(r.rule).toContain('× 1.25, rounded up to 8Mi');
  });

  it('judges memory by the p95 of runsc, so one heavy pod raises it', () => {
    const r = recommendOverhead(figures([6 * Mi], [0]), figures([30 * Mi, 30 * Mi, 30 * Mi, 70 * Mi], [0]), rule);
    // type-7 p95 of [30, 30, 30, 70] = 30 + 0.85 × 40 = 64 MiB; − 6 = 58 × 1.25 = 72.5 → 80Mi.
    expect(r.memoryMi).toBe(80);
  });

  it('keeps an exact step: 32 MiB × 1.25 = 40Mi is 40Mi, not 48Mi', () => {
    expect(recommendOverhead(figures([0], [0]), figures([32 * Mi], [0]), rule).memoryMi).toBe(40);
  });

  it('never recommends less than one memory step or the minimum CPU, even when runsc costs no more than runc', () => {
    const r = recommendOverhead(figures([20 * Mi], [600]), figures([10 * Mi], [60]), rule);
    expect(r).toMatchObject({ memoryMi: 8, cpuMillicores: 10 });
    expect(r.basis.pssKb).toBeLessThan(0);
  });
});

describe('runtimeClassYaml', () => {
  it('renders the RuntimeClass that carries the recommendation, with its scheduling', () => {
    const text = runtimeClassYaml('gvisor', 'runsc', { cpuMillicores: 35, memoryMi: 48 }, { 'sandbox-gauntlet.dev/gvisor': 'ready' });
    expect(text).toBe(
      [
        'apiVersion: node.k8s.io/v1',
        'kind: RuntimeClass',
        'metadata:',
        '  name: gvisor',
        'handler: runsc',
        'overhead:',
        '  podFixed:',
        '    cpu: 35m',
        '    memory: 48Mi',
        'scheduling:',
        '  nodeSelector:',
        '    sandbox-gauntlet.dev/gvisor: ready',
        '',
      ].join('\n'),
    );
    expect(parse(text)).toMatchObject({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', handler: 'runsc', overhead: { podFixed: { cpu: '35m', memory: '48Mi' } } });
  });

  it('leaves scheduling out when the RuntimeClass has none', () => {
    expect(runtimeClassYaml('gvisor', 'runsc', { cpuMillicores: 10, memoryMi: 8 })).not.toContain('scheduling');
  });
});

describe('quantities and the cluster\'s own overhead', () => {
  it('reads memory and CPU quantities as Kubernetes writes them', () => {
    expect(memoryBytes('64Mi')).toBe(64 * 2 ** 20);
    expect(memoryBytes('100M')).toBe(1e8);
    expect(memoryBytes('1.5Gi')).toBe(1.5 * 2 ** 30);
    expect(memoryBytes('134217728')).toBe(134217728);
    expect(memoryBytes('lots')).toBeUndefined();
    expect(cpuMillicores('250m')).toBe(250);
    expect(cpuMillicores('0.1')).toBe(100);
    expect(cpuMillicores('2')).toBe(2000);
    expect(cpuMillicores('fast')).toBeUndefined();
  });

  it('says where the RuntimeClass stands against the recommendation', () => {
    const r = { cpuMillicores: 35, memoryMi: 48 };
    expect(compareWithExisting(undefined, r)[0]).toMatch(/sets no overhead.*cpu 35m, memory 48Mi/);
    expect(compareWithExisting({ cpu: '10m', memory: '64Mi' }, r)).toEqual(['cpu: 10m is below the recommendation 35m', 'memory: 64Mi is above the recommendation 48Mi']);
    expect(compareWithExisting({ cpu: '0.035', memory: '48Mi' }, r)).toEqual(['cpu: 0.035 is as recommended 35m', 'memory: 48Mi is as recommended 48Mi']);
    expect(compareWithExisting({ memory: '50331648' }, r)).toEqual(['cpu: none set (recommended 35m)', 'memory: 50331648 is as recommended 48Mi']);
  });
});
