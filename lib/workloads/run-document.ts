/**
 * The stamp's document (fixtures/workloads/main.go, `gauntlet-work stamp`): one JSON object in
 * the container's termination message, schema sandbox-gauntlet/workload-run/v1. Its start and
 * end stamps are CLOCK_MONOTONIC inside the container, read just before the workload's process
 * is started and just after it is reaped: the pod's start is not in them.
 */
import { z } from 'zod';

export const workloadRunSchemaVersion = 'sandbox-gauntlet/workload-run/v1';

export const workloadRunDocumentSchema = z.object({
  schema: z.literal(workloadRunSchemaVersion),
  startNs: z.number().int().positive(),
  endNs: z.number().int().positive(),
  exitCode: z.int().min(0),
  signal: z.string().optional(),
  execError: z.string().optional(),
  userMs: z.number().min(0),
  sysMs: z.number().min(0),
  maxRssKiB: z.number().min(0),
  stdoutBytes: z.number().int().min(0),
  stdoutSha256: z.string().regex(/^[0-9a-f]{64}$/),
  stdoutHead: z.string(),
  stdoutTail: z.string().optional(),
  stdoutTruncated: z.boolean(),
});
export type WorkloadRunDocument = z.output<typeof workloadRunDocumentSchema>;

export type DocumentParse = { ok: true; doc: WorkloadRunDocument } | { ok: false; problem: string };

/** Parses the termination message; says what is wrong instead of throwing. */
export function parseRunDocument(message: string | undefined): DocumentParse {
  if (message === undefined || message.trim() === '') return { ok: false, problem: 'no termination message: the stamp did not run or could not write it' };
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return { ok: false, problem: `the termination message is not the stamp's JSON: ${message.slice(0, 200)}` };
  }
  const r = workloadRunDocumentSchema.safeParse(json);
  if (!r.success) return { ok: false, problem: `the stamp's document is not valid: ${r.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  if (r.data.endNs < r.data.startNs) return { ok: false, problem: `the end stamp ${r.data.endNs} is before the start stamp ${r.data.startNs}` };
  return { ok: true, doc: r.data };
}

/** The workload's own time, ms, from its stamps. */
export const workMs = (d: WorkloadRunDocument): number => (d.endNs - d.startNs) / 1e6;

/** What stdout the stamp kept: its head, and its tail when it was longer (with a marker if bytes were left out). */
export function keptStdout(d: WorkloadRunDocument): string {
  if (d.stdoutTail === undefined) return d.stdoutHead;
  return d.stdoutTruncated ? `${d.stdoutHead}\n[… ${d.stdoutBytes} bytes in all …]\n${d.stdoutTail}` : d.stdoutHead + d.stdoutTail.slice(Math.max(0, d.stdoutHead.length + d.stdoutTail.length - d.stdoutBytes));
}
