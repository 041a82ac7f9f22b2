import { describe, expect, it } from 'vitest';
import { annotate, attach, labelNames } from './annotate.js';

interface Message {
  type: string;
  data: { labels?: { name: string; value: string }[]; parameters?: { name: string; value: string }[]; name?: string; contentType?: string };
}
const messages = (meta: object): Message[] => ((meta as { allureRuntimeMessages?: Message[] }).allureRuntimeMessages ?? []);
const labels = (meta: object) => messages(meta).flatMap((m) => m.data.labels ?? []);
const parameters = (meta: object) => messages(meta).flatMap((m) => m.data.parameters ?? []);

// These run under allure-vitest's setup (vitest.config.ts), whose runtime records into task.meta.
describe('annotate', () => {
  it('labels the current test with runtime, attempt, severity, suite and feature', async ({ task }) => {
    await annotate({ runtime: 'runsc', attemptId: 'proc-root-read', severity: 'critical', suite: 'filesystem', feature: 'security', tags: ['control'] });
    expect(labels(task.meta)).toEqual(
      expect.arrayContaining([
        { name: labelNames.runtime, value: 'runsc' },
        { name: labelNames.attemptId, value: 'proc-root-read' },
        { name: 'severity', value: 'critical' },
        { name: 'suite', value: 'filesystem' },
        { name: 'feature', value: 'security' },
        { name: 'tag', value: 'control' },
      ]),
    );
    expect(parameters(task.meta)).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'runtime', value: 'runsc' })]));
  });

  it('sets nothing it was not given', async ({ task }) => {
    await annotate({});
    expect(labels(task.meta)).toEqual([]);
  });

  it('attaches content with its type', async ({ task }) => {
    await attach({ name: 'pod.yaml', content: 'kind: Pod\n', contentType: 'application/yaml' });
    const m = messages(task.meta).find((x) => x.type === 'attachment_content');
    expect(m?.data).toMatchObject({ name: 'pod.yaml', contentType: 'application/yaml' });
  });
});
