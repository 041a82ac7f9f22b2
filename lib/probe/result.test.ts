import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseProbeResult, pickProbeResult, probeResultSchemaId, resultLinePrefix, terminationMessageLimit } from './result.js';

// Written by the real probe binary (runc container, `attempt --all`): the contract between Go and TS.
const testdata = fileURLToPath(new URL('../../fixtures/probe/testdata/', import.meta.url));
const sampleLogs = readFileSync(join(testdata, 'sample-logs.txt'), 'utf8');
const sampleTermination = readFileSync(join(testdata, 'sample-termination-message.json'), 'utf8');

const gvisorDoc = {
  schema: probeResultSchemaId,
  mode: 'start',
  probeVersion: 'bd0779af1ccd37de',
  startedAtMs: 1795305685978.032,
  finishedAtMs: 1795305685979.5,
  hostname: 'probe-runsc-1',
  identity: {
    kernelRelease: '4.4.0',
    kernelVersion: '#1 SMP Sun Jan 10 15:06:54 PST 2016',
    machine: 'x86_64',
    procVersion: 'Linux version 4.4.0 #1 SMP Sun Jan 10 15:06:54 PST 2016',
    kernelLogFirstLine: '[    0.000000] Starting gVisor...',
    gvisor: true,
    evidence: ['gvisor: /proc/version carries gVisor\'s fixed build stamp "#1 SMP Sun Jan 10 15:06:54 PST 2016"'],
  },
  attempts: [],
  signal: null,
  error: null,
};

const withAttempt = (attempt: Record<string, unknown>) => ({
  ...gvisorDoc,
  mode: 'attempt',
  attempts: [{ id: 'syscall.bpf', outcome: 'blocked', detail: 'bpf: ENOSYS', evidence: null, errno: 'ENOSYS', ...attempt }],
});

describe('parseProbeResult', () => {
  it('reads a termination message (bare JSON)', () => {
    const r = parseProbeResult(JSON.stringify(gvisorDoc));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.source).toBe('json');
    expect(r.result.identity.gvisor).toBe(true);
    expect(r.result.identity.kernelLogFirstLine).toContain('Starting gVisor');
    expect(r.result.truncated).toBe(false);
    expect(r.result.attemptsOmitted).toBe(0);
  });

  it('reads the result line out of logs, with kubectl timestamps and CRLF', () => {
    const logs = ['probe: starting', `2025-01-01T00:00:00.000000000Z ${resultLinePrefix}${JSON.stringify(gvisorDoc)}\r`, ''].join('\n');
    const r = parseProbeResult(logs);
    expect(r.ok && r.source).toBe('log-line');
    expect(r.ok && r.result.hostname).toBe('probe-runsc-1');
  });

  it('takes the last result line (a restarted container logs twice)', () => {
    const first = { ...gvisorDoc, hostname: 'first' };
    const last = { ...gvisorDoc, hostname: 'last' };
    const r = parseProbeResult(`${resultLinePrefix}${JSON.stringify(first)}\n${resultLinePrefix}${JSON.stringify(last)}\n`);
    expect(r.ok && r.result.hostname).toBe('last');
  });

  it('reads the real probe logs and its compact termination message', () => {
    const logs = parseProbeResult(sampleLogs);
    const term = parseProbeResult(sampleTermination);
    expect(logs.ok && term.ok).toBe(true);
    if (!logs.ok || !term.ok) return;
    expect(logs.result.truncated).toBe(false);
    expect(term.result.truncated).toBe(true);
    expect(sampleTermination.length).toBeLessThanOrEqual(terminationMessageLimit);
    expect(term.result.attempts.length + term.result.attemptsOmitted).toBe(logs.result.attempts.length);
    // Compaction keeps id, outcome and errno of every attempt it keeps.
    term.result.attempts.forEach((a, i) => {
      const full = logs.result.attempts[i];
      expect([a.id, a.outcome, a.errno]).toEqual([full?.id, full?.outcome, full?.errno]);
    });
    expect(logs.result.identity.gvisor).toBe(false);
    expect(logs.result.identity.process?.seccomp).toBe('2'); // Docker's default profile
    expect(term.result.identity.process).toEqual(logs.result.identity.process);
    const canary = logs.result.attempts.find((a) => a.id === 'fs.proc1-root-canary');
    expect(canary?.outcome).toBe('blocked');
    expect(canary?.errno).toBe('ENOENT');
  });

  it('fills defaults for optional fields', () => {
    const r = parseProbeResult(JSON.stringify(withAttempt({})));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.result.attempts[0]?.tokenMatched).toBeNull();
    expect(r.result.signal).toBeNull();
  });

  it('keeps the compact form readable', () => {
    const compact = { ...withAttempt({ detail: '', evidence: null, tokenMatched: true }), truncated: true, attemptsOmitted: 3 };
    const r = parseProbeResult(JSON.stringify(compact));
    expect(r.ok && [r.result.truncated, r.result.attemptsOmitted, r.result.attempts[0]?.tokenMatched]).toEqual([true, 3, true]);
  });

  it('strips unknown fields instead of failing (v1 may grow)', () => {
    const r = parseProbeResult(JSON.stringify({ ...gvisorDoc, futureField: 1 }));
    expect(r.ok).toBe(true);
    expect(r.ok && 'futureField' in r.result).toBe(false);
  });

  describe('invalid output is recorded, never thrown', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['empty', '', /empty output/],
      ['whitespace', '  \n ', /empty output/],
      ['no document', 'panic: runtime error\ngoroutine 1 [running]:', /no result document/],
      ['malformed JSON', '{"schema": "sandbox-gauntlet/probe-result/v1", ', /malformed JSON in the document/],
      ['cut result line', `${resultLinePrefix}{"schema":"sandbox-gau`, /malformed JSON in the result line/],
      ['other schema', JSON.stringify({ ...gvisorDoc, schema: 'sandbox-gauntlet/probe-result/v2' }), /unsupported schema "sandbox-gauntlet\/probe-result\/v2"/],
      ['no schema', JSON.stringify({ mode: 'start' }), /schema/],
      ['bad outcome', JSON.stringify(withAttempt({ outcome: 'escaped' })), /attempts\.0\.outcome/],
      ['missing identity', JSON.stringify({ ...gvisorDoc, identity: undefined }), /identity/],
      ['string timestamp', JSON.stringify({ ...gvisorDoc, startedAtMs: '1795305685978' }), /startedAtMs/],
      ['JSON array', '[1,2]', /no result document/],
      ['JSON null line', `${resultLinePrefix}null`, /not a sandbox-gauntlet\/probe-result\/v1 document/],
    ];
    it.each(cases)('%s', (_name, raw, reason) => {
      const r = parseProbeResult(raw);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.reason).toMatch(reason);
      expect(r.raw).toBe(raw);
    });

    it('survives arbitrary bytes', () => {
      for (const raw of ['\u0000\u0001{', '{"a":', resultLinePrefix, '}{', 'SANDBOX_GAUNTLET_RESULT']) {
        expect(() => parseProbeResult(raw)).not.toThrow();
        expect(parseProbeResult(raw).ok).toBe(false);
      }
    });
  });
});

describe('pickProbeResult', () => {
  const full = `${resultLinePrefix}${JSON.stringify(gvisorDoc)}\n`;
  const compact = JSON.stringify({ ...gvisorDoc, truncated: true });

  it('prefers the logs (always the full document)', () => {
    const r = pickProbeResult({ logs: full, terminationMessage: compact });
    expect(r.ok && [r.source, r.result.truncated]).toEqual(['log-line', false]);
  });

  it('falls back to the termination message when the logs are gone or broken', () => {
    expect(pickProbeResult({ terminationMessage: compact }).ok).toBe(true);
    const r = pickProbeResult({ logs: 'container log rotated', terminationMessage: compact });
    expect(r.ok && r.result.truncated).toBe(true);
  });

  it('reports both reasons when neither holds a document', () => {
    const r = pickProbeResult({ logs: 'oops', terminationMessage: '' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toMatch(/^logs: no result document.*; termination message: none$/);
    expect(r.raw).toBe('oops');
    expect(pickProbeResult({})).toEqual({ ok: false, reason: 'logs: none; termination message: none', raw: '' });
  });
});
