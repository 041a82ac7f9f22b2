/**
 * What a failed matrix cell attaches to its test: every probe pod's own record of that attempt
 * (its outcome, detail and evidence), one attachment per pod, so a reader sees what each
 * runtime and profile saw without opening the run's files.
 */
import type { Attachment } from '../report/annotate.js';
import type { GroupRun } from './group-pods.js';

/** Pure: the attachments for attempt `id` from the matrix's pods that ran it. */
export function cellEvidence(groups: readonly GroupRun[], id: string): Attachment[] {
  return groups.flatMap((g) => {
    const attempt = g.result?.attempts.find((a) => a.id === id);
    const name = `${id} ${g.runtime}/${g.profile}/${g.role} (${g.namespace}/${g.pod})`;
    if (attempt) return [{ name, content: JSON.stringify(attempt, null, 2), contentType: 'application/json' }];
    if (g.status !== 'succeeded') return [{ name, content: `no result: ${g.status}: ${g.reason}`, contentType: 'text/plain' }];
    return [];
  });
}
