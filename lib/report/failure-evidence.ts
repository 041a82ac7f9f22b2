/**
 * What a failed test leaves behind for whoever reads the report: the YAML of every pod in its
 * namespace, the namespace's events and each container's log. Collected by the `namespace`
 * fixture before the namespace is deleted (fixtures/test-fixtures.ts) and attached to the
 * test in Allure. Collection never throws: a failure to collect becomes part of the evidence.
 */
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { describeKubeError, type Kube } from '../kube/client.js';
import type { Attachment } from './annotate.js';

/** Collection gives up after this: a test that failed because the API hangs must not hang its teardown too. */
export const evidenceTimeoutMs = 30_000;

/** Per container log; the tail is what explains a failure, and Allure attachments should stay small. */
export const maxLogBytes = 256 * 1024;

/** Pods as `kubectl get -o yaml` would show them, without managedFields (noise for a reader). */
export function podsYaml(pods: readonly V1Pod[]): string {
  const clean = pods.map((p) => {
    const { managedFields: _drop, ...metadata } = p.metadata ?? {};
    void _drop;
    return { apiVersion: 'v1', kind: 'Pod', ...p, metadata };
  });
  return clean.map((p) => stringify(p)).join('---\n');
}

const when = (e: CoreV1Event): string => {
  const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp;
  return t ? new Date(t).toISOString() : '-';
};

/** Events oldest first, one line each, like `kubectl get events`. */
export function eventsText(events: readonly CoreV1Event[]): string {
  if (events.length === 0) return '(no events)\n';
  return (
    [...events]
      .sort((a, b) => when(a).localeCompare(when(b)))
      .map((e) => {
        const obj = `${e.involvedObject?.kind ?? '?'}/${e.involvedObject?.name ?? '?'}`;
        const count = (e.count ?? 1) > 1 ? ` (x${e.count})` : '';
        return `${when(e)}  ${e.type ?? '-'}  ${e.reason ?? '-'}  ${obj}${count}: ${(e.message ?? '').trim()}`;
      })
      .join('\n') + '\n'
  );
}

/** Container names of a pod, init containers first (their logs explain a pod that never started). */
export function containerNames(pod: V1Pod): string[] {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
}

async function logOf(kube: Kube, namespace: string, pod: string, container: string): Promise<string> {
  try {
    const log = await kube.core.readNamespacedPodLog({ namespace, name: pod, container, limitBytes: maxLogBytes, timestamps: true });
    return log === '' ? '(empty log)\n' : log;
  } catch (err) {
    return `(no log: ${describeKubeError(err)})\n`;
  }
}

/**
 * Everything worth attaching for `namespace`: its pods' YAML, its events, one log per container.
 * What was collected before `timeoutMs` ran out is returned, with a note on what is missing.
 */
export async function collectNamespaceEvidence(kube: Kube, namespace: string, timeoutMs = evidenceTimeoutMs): Promise<Attachment[]> {
  const out: Attachment[] = [];
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    timer.unref();
  });
  const done = await Promise.race([collectInto(kube, namespace, out).then(() => 'done' as const), deadline]);
  clearTimeout(timer);
  if (done === 'timeout') out.push({ name: `evidence of ${namespace} (incomplete)`, content: `the API did not answer within ${timeoutMs} ms; collected ${out.length} item(s)\n`, contentType: 'text/plain' });
  return [...out];
}

async function collectInto(kube: Kube, namespace: string, out: Attachment[]): Promise<void> {
  let pods: V1Pod[] = [];
  try {
    pods = (await kube.core.listNamespacedPod({ namespace })).items;
    out.push({ name: `pods in ${namespace}.yaml`, content: pods.length ? podsYaml(pods) : '# no pods\n', contentType: 'application/yaml' });
  } catch (err) {
    out.push({ name: `pods in ${namespace} (not collected)`, content: describeKubeError(err), contentType: 'text/plain' });
  }
  try {
    const events = (await kube.core.listNamespacedEvent({ namespace })).items;
    out.push({ name: `events in ${namespace}`, content: eventsText(events), contentType: 'text/plain' });
  } catch (err) {
    out.push({ name: `events in ${namespace} (not collected)`, content: describeKubeError(err), contentType: 'text/plain' });
  }
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '?';
    for (const c of containerNames(pod)) out.push({ name: `log ${name}/${c}`, content: await logOf(kube, namespace, name, c), contentType: 'text/plain' });
  }
}
