// Run by lib/report/browser/report-pages.e2e.test.ts (not by a project: *.fixture.ts) with the
// Allure reporter, for a small set of real allure-results: one test of each outcome.
import { describe, expect, it } from 'vitest';
import { annotate, attach } from '../../annotate.js';

describe('sample escape attempts', () => {
  it('blocks reading the node canary under runsc', async () => {
    await annotate({ feature: 'security', runtime: 'runsc', attemptId: 'fs.node-canary', severity: 'critical' });
    expect('blocked').toBe('blocked');
  });
  it('blocks writing the node sysrq under runsc', async () => {
    await annotate({ feature: 'security', runtime: 'runsc', attemptId: 'kernel.sysrq-write', severity: 'critical' });
    await attach({ name: 'probe result', content: '{"verdict":"escaped"}', contentType: 'application/json' });
    expect('escaped', 'the probe wrote the canary').toBe('blocked');
  });
  it('skips an attempt the platform cannot run', async (ctx) => {
    await annotate({ feature: 'security', runtime: 'runc', severity: 'normal' });
    ctx.skip('no gVisor node');
  });
});
