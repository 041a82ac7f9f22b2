import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import { validateXML } from 'xmllint-wasm';
import { computeGate } from './gate.js';
import { renderGateJunit } from './gate-junit.js';
import type { RunResults } from './gate-schema.js';
import { attempt, condition, criStartCost, passingRun, scenario, testThresholds } from './gate-test-data.js';

const xsd = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'junit', 'junit-10.xsd'), 'utf8');

async function validate(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const r = await validateXML({ xml: [{ fileName: 'junit-gate.xml', contents: xml }], schema: [{ fileName: 'junit-10.xsd', contents: xsd }] });
  return { valid: r.valid, errors: r.errors.map((e) => e.message) };
}

const junitOf = (patch: (r: RunResults) => void = () => {}): string => {
  const r = passingRun();
  patch(r);
  return renderGateJunit(computeGate(r, testThresholds(), { generatedAt: '2025-08-05T10:00:00.000Z' }));
};

const dom = (xml: string): Element => create(xml).root().node as unknown as Element;
const elements = (xml: string, tag: string): Element[] => [...dom(xml).getElementsByTagName(tag)];

/** One testcase by name: what it holds (failure, error, skipped), its type and text. */
function testcase(xml: string, name: string): { status: string; type: string | null; message: string | null; text: string } {
  const tc = elements(xml, 'testcase').filter((e) => e.getAttribute('name') === name);
  expect(tc, `testcase ${name}`).toHaveLength(1);
  const child = [...(tc[0] as Element).childNodes].find((n): n is Element => n.nodeType === 1 && n.nodeName !== 'system-out');
  return { status: child?.nodeName ?? 'passed', type: child?.getAttribute('type') ?? null, message: child?.getAttribute('message') ?? null, text: child?.textContent ?? '' };
}

const property = (xml: string, name: string): string | null => elements(xml, 'property').find((p) => p.getAttribute('name') === name)?.getAttribute('value') ?? null;

describe('junit-gate.xml against the Jenkins junit-10.xsd', () => {
  it('a passing gate is valid: one testcase per area and per judged item, all passed', async () => {
    const xml = junitOf();
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
    expect(elements(xml, 'testsuite').map((s) => s.getAttribute('name'))).toEqual(['security', 'performance', 'resilience', 'compatibility']);
    const names = elements(xml, 'testcase').map((t) => t.getAttribute('name'));
    expect(names).toEqual([
      'security area',
      'coverage of category filesystem',
      'coverage of category network',
      'host-proc-read (runsc, hardened)',
      'mount-escape (runsc, hardened)',
      'metadata-egress (runsc, hardened)',
      'host-proc-read (runc, control)',
      'performance area',
      'concurrency-1',
      'concurrency-4',
      'concurrency-8',
      'workload cpu-bound',
      'resilience area',
      'containerd-restart (runsc)',
      'node-loss (runsc)',
      'compatibility area',
      'workload cpu-bound',
    ]);
    expect(elements(xml, 'failure').length + elements(xml, 'error').length + elements(xml, 'skipped').length).toBe(0);
    expect(dom(xml).getAttribute('tests')).toBe('17');
  });

  it('the validator rejects what the schema forbids: a testcase without a name, properties inside a testcase', async () => {
    const xml = junitOf();
    const nameless = xml.replace('<testcase name="concurrency-4" ', '<testcase ');
    expect(nameless).not.toBe(xml);
    const r = await validate(nameless);
    expect(r.valid).toBe(false);
    expect(r.errors.join('\n')).toMatch(/Element 'testcase': The attribute 'name' is required but missing/);
    const caseProps = xml.replace('<testcase name="concurrency-4" classname="gate.performance.condition"/>', '<testcase name="concurrency-4"><properties><property name="n" value="32"/></properties></testcase>');
    expect(caseProps).not.toBe(xml);
    expect((await validate(caseProps)).valid).toBe(false);
  });

  it('n, seed and confidence intervals of a condition are properties of its suite, named after the testcase', () => {
    const xml = junitOf();
    expect(property(xml, 'concurrency-4: n')).toBe('32');
    expect(property(xml, 'concurrency-4: delta-ms.estimate')).toBe('90');
    expect(property(xml, 'concurrency-4: delta-ms.lo')).toBe('70');
    expect(property(xml, 'concurrency-4: delta-ms.hi')).toBe('110');
    expect(property(xml, 'concurrency-4: ratio.hi')).toBe('1.11');
    expect(property(xml, 'concurrency-4: ratio.level')).toBe('0.95');
    expect(property(xml, 'concurrency-4: ratio.seed')).toBe('1');
    expect(property(xml, 'concurrency-4: ratio.hi limit')).toBe('1.2');
    expect(property(xml, 'containerd-restart (runsc): containerd-recovery (ms)')).toBe('12000');
    expect(property(xml, 'run-id')).toBe('run-1');
  });

  it('FAIL is a <failure> with the reasons: an escape, a condition over its limit, a gVisor flag, a broken posture', async () => {
    const xml = junitOf((r) => {
      r.security.push(attempt('ptrace-host', { category: 'kernel', verdict: 'escaped' }));
      r.performance[1] = condition(4, { startCost: criStartCost(400, 350, 450) });
      r.gvisorConfig = [{ node: 'worker1', sandboxes: 2, flags: { 'net-raw': 'true' }, findings: [{ flag: 'net-raw', value: 'true', expected: 'false' }] }];
      r.posture = [{ node: 'worker1', role: 'sandbox', pid: 42, threads: 4, filteredThreads: 3, noNewPrivs: '1', capabilities: [], dirFds: 0, problems: ['1 of 4 threads without seccomp'] }];
    });
    expect((await validate(xml)).valid).toBe(true);
    expect(testcase(xml, 'ptrace-host (runsc, hardened)')).toMatchObject({ status: 'failure', type: 'FAIL', message: 'escaped from a hardened runsc pod' });
    expect(testcase(xml, 'concurrency-4')).toMatchObject({ status: 'failure', message: "concurrency-4: runsc's added start cost on containerd's CRI clock (criRuntime) 400 ms [350, 450] above 300 ms at its upper bound" });
    expect(testcase(xml, 'gVisor configuration on worker1').message).toContain('worker1: --net-raw=true (declared false)');
    expect(testcase(xml, 'posture of runsc-sandbox pid 42 on worker1').message).toBe('posture broken: 1 of 4 threads without seccomp');
    const area = testcase(xml, 'security area');
    expect(area.status).toBe('failure');
    expect(area.text.split('\n')).toEqual(expect.arrayContaining(['1 escape(s) from hardened runsc pods (allowed 0): ptrace-host']));
    expect(testcase(xml, 'concurrency-1').status).toBe('passed');
    expect(elements(xml, 'testsuite')[0]?.getAttribute('failures')).toBe('4');
  });

  it('a blocking INCONCLUSIVE is an <error> with its cause and reason, never <skipped>', async () => {
    const xml = junitOf((r) => {
      r.performance[2] = condition(8, { successes: 10 });
      r.security.push(attempt('dev-mem', { category: 'device', verdict: 'probe-invalid' }));
    });
    expect((await validate(xml)).valid).toBe(true);
    expect(testcase(xml, 'concurrency-8')).toMatchObject({ status: 'error', type: 'INCONCLUSIVE (insufficient-data)', message: 'concurrency-8: 10 of 32 pairs succeeded, fewer than the 28 needed' });
    expect(testcase(xml, 'performance area').status).toBe('error');
    expect(testcase(xml, 'dev-mem (runsc, hardened)')).toMatchObject({ status: 'error', type: 'INCONCLUSIVE (probe-invalid)' });
    // The category's only attempt proved nothing: its coverage is unproven.
    expect(testcase(xml, 'coverage of category device')).toMatchObject({ status: 'error', type: 'INCONCLUSIVE (no-data)' });
    expect(elements(xml, 'skipped')).toHaveLength(0);
  });

  it('what is no verdict is <skipped> with the reason: a scenario not tried, a not-applicable cell, an area a partial run left out', async () => {
    const xml = junitOf((r) => {
      r.resilience.push(scenario('gvisor-daemonset-delete', [], { skipped: 'missing optional permission: delete daemonsets' }));
      r.security.push(attempt('cp.privileged', { category: 'filesystem', verdict: 'not-applicable', detail: 'refused at admission' }));
      r.security.push(attempt('mount-escape', { runtime: 'runc', verdict: 'escaped' }));
    });
    expect((await validate(xml)).valid).toBe(true);
    expect(testcase(xml, 'gvisor-daemonset-delete (runsc)')).toMatchObject({ status: 'skipped', message: 'not tried: missing optional permission: delete daemonsets' });
    expect(testcase(xml, 'cp.privileged (runsc, hardened)')).toMatchObject({ status: 'skipped', message: 'not applicable: refused at admission' });
    expect(testcase(xml, 'mount-escape (runc, hardened)').message).toMatch(/^hardened runc is the comparison, not the product: escaped/);
    expect(testcase(xml, 'resilience area').status).toBe('passed');

    const partial = junitOf((r) => {
      r.suites = [{ project: 'isolation', area: 'security', exitCode: 0, tests: { total: 1, passed: 1, failed: 0, skipped: 0 }, failedTests: [], durationMs: 1 }];
      r.performance = [];
    });
    expect((await validate(partial)).valid).toBe(true);
    expect(testcase(partial, 'performance area')).toMatchObject({ status: 'skipped', message: 'not run in this run; not part of the verdict' });
    expect(testcase(partial, 'containerd-restart (runsc)').status).toBe('skipped');
    expect(testcase(partial, 'security area').status).toBe('passed');
  });

  it('markup and control characters in reasons stay text, and the file stays valid', async () => {
    const detail = 'read <b>&"secret"</b>\u0001 from /etc';
    const xml = junitOf((r) => {
      r.security.push(attempt('ptrace-host', { category: 'kernel', verdict: 'escaped', detail }));
    });
    expect((await validate(xml)).valid).toBe(true);
    expect(testcase(xml, 'ptrace-host (runsc, hardened)').message).toBe('escaped from a hardened runsc pod: read <b>&"secret"</b>\uFFFD from /etc');
  });
});
