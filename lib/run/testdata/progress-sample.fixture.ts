// Run by lib/run/progress-reporter.test.ts (not by a project: *.fixture.ts): one test of each outcome.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

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
    // Longer than the reporter's write interval, so the file shows this test running.
    await new Promise((r) => setTimeout(r, 800));
    writeFileSync(process.env.SEEN_FILE ?? '', readFileSync(process.env.GAUNTLET_PROGRESS_FILE ?? '', 'utf8'));
  });
});
