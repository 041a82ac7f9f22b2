import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { workloadSchema } from './definition.js';
import { outcomeOf, stdoutProblem } from './outcome.js';
import { keptStdout, parseRunDocument, workMs, workloadRunSchemaVersion, type WorkloadRunDocument } from './run-document.js';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const doc = (patch: Partial<WorkloadRunDocument> = {}): WorkloadRunDocument => ({
  schema: workloadRunSchemaVersion,
  startNs: 1_000_000_000,
  endNs: 1_250_000_000,
  exitCode: 0,
  userMs: 200,
  sysMs: 30,
  maxRssKiB: 9000,
  stdoutBytes: 3,
  stdoutSha256: sha('ok\n'),
  stdoutHead: 'ok\n',
  stdoutTruncated: false,
  ...patch,
});
const workload = (expect: unknown = {}) => workloadSchema.parse({ name: 'w', image: 'img', command: ['true'], expect });

describe("the stamp's document", () => {
  it('gives the work time from its monotonic stamps, in ms', () => {
    expect(workMs(doc())).toBe(250);
  });
  it('says what is wrong instead of throwing', () => {
    expect(parseRunDocument(undefined)).toMatchObject({ ok: false, problem: expect.stringMatching(/no termination message/) as string });
    expect(parseRunDocument('Error: exec format error')).toMatchObject({ ok: false, problem: expect.stringMatching(/not the stamp's JSON/) as string });
    expect(parseRunDocument(JSON.stringify({ ...doc(), schema: 'other' }))).toMatchObject({ ok: false });
    expect(parseRunDocument(JSON.stringify(doc({ endNs: 5 })))).toMatchObject({ ok: false, problem: expect.stringMatching(/before the start stamp/) as string });
    expect(parseRunDocument(JSON.stringify(doc()))).toMatchObject({ ok: true });
  });
  it('joins head and tail without repeating the bytes they share, and marks what was left out', () => {
    const all = `${'a'.repeat(1024)}${'b'.repeat(500)}`;
    expect(keptStdout(doc({ stdoutBytes: all.length, stdoutHead: all.slice(0, 1024), stdoutTail: all.slice(-1024), stdoutTruncated: false }))).toBe(all);
    expect(keptStdout(doc({ stdoutBytes: 9000, stdoutHead: 'H', stdoutTail: 'T', stdoutTruncated: true }))).toMatch(/^H\n\[… 9000 bytes in all …\]\nT$/);
  });
});

describe('a run against its expectation', () => {
  it('checks the exit code and a regex or the sha256 of stdout', () => {
    expect(stdoutProblem({ regex: '^ok$' }, doc())).toBeUndefined();
    expect(stdoutProblem({ regex: '^no$' }, doc())).toMatch(/does not match/);
    expect(stdoutProblem({ sha256: sha('ok\n') }, doc())).toBeUndefined();
    expect(stdoutProblem({ sha256: sha('other') }, doc())).toMatch(/sha256 is/);
    expect(outcomeOf(workload({ stdout: { regex: 'ok' } }), { status: 'completed', pod: 'p', doc: doc() })).toMatchObject({ expectMet: true, workMs: 250, cpuMs: 230, problems: [] });
    const failed = outcomeOf(workload({ exitCode: 0 }), { status: 'completed', pod: 'p', doc: doc({ exitCode: 1 }) });
    expect(failed).toMatchObject({ expectMet: false, exitCode: 1, problems: ['exit code 1, expected 0'] });
  });
  it('a run that did not complete misses its expectation and says why', () => {
    expect(outcomeOf(workload(), { status: 'not-started', pod: 'p', problem: 'never started: ErrImagePull' })).toMatchObject({ status: 'not-started', expectMet: false, problems: ['never started: ErrImagePull'] });
  });
});

describe('workload definitions', () => {
  it('default to exit 0 with any stdout and reject a bad regex or name', () => {
    expect(workload()).toMatchObject({ expect: { exitCode: 0 }, stresses: 'user workload', timeoutSeconds: 300 });
    expect(() => workload({ stdout: { regex: '(' } })).toThrow(/valid regular expression/);
    expect(() => workloadSchema.parse({ name: 'Bad_Name', image: 'i', command: ['x'] })).toThrow(/lowercase/);
    expect(() => workload({ stdout: { regex: 'a', sha256: sha('a') } })).toThrow();
  });
});
