/**
 * Labels for the Allure report, set from inside a test. One small API so suites do not each
 * pick their own label names; it goes through allure-js-commons' runtime, which allure-vitest
 * (vitest.config.ts) turns into allure-results. Outside a vitest run with the Allure setup the
 * runtime is a no-op, so a test that annotates still runs anywhere.
 *
 *   await annotate({ runtime: 'runsc', attemptId: 'proc-root-read', severity: 'critical' });
 */
import * as allure from 'allure-js-commons';
import type { Runtime } from '../runtimes.js';

/** Allure's severity scale (allure-js-commons Severity values). */
export const severities = ['blocker', 'critical', 'normal', 'minor', 'trivial'] as const;
export type Severity = (typeof severities)[number];

/** Label names we add beyond Allure's own, so reports can be filtered by them. */
export const labelNames = { runtime: 'runtime', attemptId: 'attemptId', runId: 'runId' } as const;

export interface Annotation {
  /** The runtime this test exercises; a label and a parameter (so runc/runsc runs of one claim stay distinct). */
  runtime?: Runtime;
  /** Escape attempt id from the probe's catalog (`probe list`). */
  attemptId?: string;
  severity?: Severity;
  /** Allure suite (default: Allure's own, the file); e.g. the escape category. */
  suite?: string;
  /** Area of the gate the test feeds: security, performance, resilience. Shown as the Allure feature. */
  feature?: string;
  /** Free tags, e.g. 'control'. */
  tags?: string[];
  /** Extra parameters shown with the test, e.g. { concurrency: '4' }. */
  parameters?: Record<string, string>;
}

/** Label the current test. Call it early in the test body: labels set after a failure are lost. */
export async function annotate(a: Annotation): Promise<void> {
  if (a.runtime !== undefined) {
    await allure.label(labelNames.runtime, a.runtime);
    await allure.parameter('runtime', a.runtime);
  }
  if (a.attemptId !== undefined) {
    await allure.label(labelNames.attemptId, a.attemptId);
    await allure.parameter('attempt', a.attemptId);
  }
  if (a.severity !== undefined) await allure.severity(a.severity);
  if (a.suite !== undefined) await allure.suite(a.suite);
  if (a.feature !== undefined) await allure.feature(a.feature);
  if (a.tags !== undefined && a.tags.length > 0) await allure.tags(...a.tags);
  for (const [name, value] of Object.entries(a.parameters ?? {})) await allure.parameter(name, value);
}

export interface Attachment {
  name: string;
  content: string | Buffer;
  /** MIME type: text/plain, application/yaml, application/json, image/svg+xml. */
  contentType: string;
}

/** Attach evidence (a probe result, a pod's YAML) to the current test. */
export async function attach(...attachments: Attachment[]): Promise<void> {
  for (const x of attachments) await allure.attachment(x.name, x.content, { contentType: x.contentType });
}

/** Run `body` as a named Allure step; its time and failure show in the report. */
export function step<T>(name: string, body: () => T | PromiseLike<T>): PromiseLike<T> {
  return allure.step(name, () => body());
}
