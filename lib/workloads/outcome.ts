/**
 * One run of a workload as the harness saw it, and the pure checks on it: did it meet its
 * expectation (exit code, stdout check)? The gate compares runc's with runsc's
 * (lib/report/gate-compatibility.ts); here only one run is judged against its definition.
 */
import { z } from 'zod';
import type { StdoutCheck, Workload } from './definition.js';
import { keptStdout, workMs, type WorkloadRunDocument } from './run-document.js';

/**
 * completed: the stamp's document was read (the workload ran to an exit code);
 * no-document: the container ended without it (the stamp could not run, or was killed);
 * timed-out: not finished within the workload's timeoutSeconds;
 * not-started: the container never ran (image pull, runtime, scheduling).
 */
export const workloadRunStatuses = ['completed', 'no-document', 'timed-out', 'not-started'] as const;
export type WorkloadRunStatus = (typeof workloadRunStatuses)[number];

/** Bytes of kept output a record carries per run. */
export const keptOutputChars = 2048;

/** A run as the gate's records hold it (gate-schema.ts workloadOutcomeSchema). */
export const workloadOutcomeSchema = z.object({
  status: z.enum(workloadRunStatuses),
  /** The container's exit code (the stamp passes the workload's on). */
  exitCode: z.int().optional(),
  /** Exit code and stdout check both as the definition expects. */
  expectMet: z.boolean(),
  /** What the check found, or why the run did not complete; empty when expectMet. */
  problems: z.array(z.string()),
  /** stdout as the stamp kept it (head and tail), at most keptOutputChars. */
  stdout: z.string(),
  /** The container's last log lines (stdout and stderr), at most keptOutputChars. */
  logTail: z.string().optional(),
  /** The workload's own time, from the stamps. */
  workMs: z.number().min(0).optional(),
  /** CPU its processes used, user + sys (the stamp's rusage of its children), ms. */
  cpuMs: z.number().min(0).optional(),
  pod: z.string(),
  node: z.string().optional(),
});
export type WorkloadOutcome = z.output<typeof workloadOutcomeSchema>;

/** What the harness read of one run (lib/workloads/run.ts). */
export interface ObservedRun {
  status: WorkloadRunStatus;
  pod: string;
  node?: string;
  /** The container's exit code, if it terminated. */
  exitCode?: number;
  doc?: WorkloadRunDocument;
  /** Why it is not completed (pod state, the document's problem). */
  problem?: string;
  logs?: string;
}

const clip = (s: string, n = keptOutputChars): string => (s.length <= n ? s : `${s.slice(0, n / 2)}\n[…]\n${s.slice(-n / 2)}`);

/** Does stdout pass the check? A regex sees only what the stamp kept (head and tail) of a long stdout. */
export function stdoutProblem(check: StdoutCheck | undefined, doc: WorkloadRunDocument): string | undefined {
  if (check === undefined) return undefined;
  if ('sha256' in check) {
    return doc.stdoutSha256 === check.sha256 ? undefined : `stdout's sha256 is ${doc.stdoutSha256}, expected ${check.sha256} (${doc.stdoutBytes} bytes)`;
  }
  const text = keptStdout(doc);
  if (new RegExp(check.regex, 'm').test(text)) return undefined;
  return `stdout does not match /${check.regex}/m${doc.stdoutTruncated ? ` (only its first and last KiB of ${doc.stdoutBytes} bytes were kept)` : ''}`;
}

/** The run judged against its workload's expectation, as a record. */
export function outcomeOf(w: Workload, run: ObservedRun): WorkloadOutcome {
  const base = { pod: run.pod, ...(run.node !== undefined && { node: run.node }), ...(run.logs !== undefined && { logTail: clip(run.logs.slice(-keptOutputChars)) }) };
  if (run.status !== 'completed' || run.doc === undefined) {
    return {
      ...base,
      status: run.status === 'completed' ? 'no-document' : run.status,
      ...(run.exitCode !== undefined && { exitCode: run.exitCode }),
      expectMet: false,
      problems: [run.problem ?? `the run did not complete (${run.status})`],
      stdout: '',
    };
  }
  const doc = run.doc;
  const problems: string[] = [];
  if (doc.execError) problems.push(`the command could not be started: ${doc.execError}`);
  if (doc.exitCode !== w.expect.exitCode) problems.push(`exit code ${doc.exitCode}${doc.signal ? ` (${doc.signal})` : ''}, expected ${w.expect.exitCode}`);
  const out = stdoutProblem(w.expect.stdout, doc);
  if (out) problems.push(out);
  return { ...base, status: 'completed', exitCode: doc.exitCode, expectMet: problems.length === 0, problems, stdout: clip(keptStdout(doc)), workMs: workMs(doc), cpuMs: doc.userMs + doc.sysMs };
}
