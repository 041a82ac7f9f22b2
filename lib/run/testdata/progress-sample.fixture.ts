// Run by lib/run/progress-reporter.test.ts (not by a project: *.fixture.ts): one test of each outcome.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { currentTestFile } from '../progress-schema.js';

describe('sample', () => {
  it('passes', () => {
    expect(1).toBe(1);
  });
  it('fails', () => {
    expect(1).toBe(2);
  });
  it('skips itself', (ctx) => {
    ctx.skip('not today');
  });
  it.skip('is skipped where it is defined', () => {});
  it('sees itself running in the progress file', async () => {
    // The reporter's file appears shortly after the run starts (bounded wait); what it says of
    // this test depends on when vitest's worker sends its events, so only the worker's own file
    // (written before this body ran) is sure to name this test.
    const progressFile = process.env.GAUNTLET_PROGRESS_FILE ?? '';
    const deadline = Date.now() + Number(process.env.SEEN_WAIT_MS ?? 20_000);
    while (Date.now() < deadline && !existsSync(progressFile)) await new Promise((r) => setTimeout(r, 50));
    const read = (f: string): string => (existsSync(f) ? readFileSync(f, 'utf8') : '{}');
    writeFileSync(process.env.SEEN_FILE ?? '', read(progressFile));
    writeFileSync(`${process.env.SEEN_FILE ?? ''}.current`, read(currentTestFile(progressFile)));
  });
});
