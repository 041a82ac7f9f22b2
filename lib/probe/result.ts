/**
 * The probe's result document, v1: what the probe binary (fixtures/probe) writes to its
 * termination message and, in full, to stdout as one `SANDBOX_GAUNTLET_RESULT <json>` line.
 *
 * Reading a result never throws: a malformed or missing document is an invalid result with
 * the raw output kept, so the run records it (probe run status `invalid`) instead of crashing.
 *
 * Unknown fields are stripped, not rejected: a newer probe may add fields within v1; a
 * breaking change gets a new schema id.
 */
import { z } from 'zod';

export const probeResultSchemaId = 'sandbox-gauntlet/probe-result/v1' as const;

/** Prefix of the stdout line carrying the full document. */
export const resultLinePrefix = 'SANDBOX_GAUNTLET_RESULT ';

/** What the kubelet keeps of a termination message; larger documents are written compact. */
export const terminationMessageLimit = 4096;

/** Modes that write a result document (serve-canary, list, version do not). */
export const probeModes = ['start', 'identity', 'attempt', 'sleep', 'hold'] as const;
export type ProbeMode = (typeof probeModes)[number];

/**
 * What happened to one attempt, as the probe saw it. The harness turns it into an escape
 * verdict (lib/vocabulary.ts) knowing the runtime and the control run.
 * - succeeded: the action worked (for canary reads: the token was read when one was expected)
 * - blocked: refused (EPERM, EACCES, EROFS, ENOSYS, ENOENT, ECONNREFUSED, ETIMEDOUT, ...) or
 *   read something that is not the canary
 * - error: the attempt itself failed (unexpected errno, timeout of the probe, bad input)
 * - not-applicable: an input it needs was not given, or there is no target (no other process)
 */
export const attemptOutcomes = ['succeeded', 'blocked', 'error', 'not-applicable'] as const;
export type AttemptOutcome = (typeof attemptOutcomes)[number];

const timestampMs = z.number().positive();

/** The policy the probe ran under (from /proc/self/status): tells "blocked by gVisor" from "blocked by policy". */
export const processInfoSchema = z.object({
  uid: z.int(),
  /** Effective capabilities, hex (e.g. "00000000a80425fb"); null when not reported. */
  capEff: z.string().nullable(),
  /** "0" none, "1" strict, "2" filter. */
  seccomp: z.string().nullable(),
  noNewPrivs: z.string().nullable(),
});
export type ProcessInfo = z.output<typeof processInfoSchema>;

export const runtimeIdentitySchema = z.object({
  kernelRelease: z.string(),
  kernelVersion: z.string(),
  machine: z.string().optional(),
  procVersion: z.string(),
  kernelLogFirstLine: z.string().nullable(),
  /** True when at least one strong piece of evidence ("gvisor: ...") was found. */
  gvisor: z.boolean(),
  /** "gvisor: ..." strong, "gvisor?: ..." weak, "host: ..." host-kernel evidence. */
  evidence: z.array(z.string()),
  process: processInfoSchema.optional(),
});
export type RuntimeIdentity = z.output<typeof runtimeIdentitySchema>;

export const attemptResultSchema = z.object({
  id: z.string().min(1),
  outcome: z.enum(attemptOutcomes),
  detail: z.string(),
  /** What was read back (a canary token, a banner, a log line), or null. */
  evidence: z.string().nullable(),
  errno: z.string().nullable(),
  /** null when no token was expected or nothing was read; else whether evidence is the canary. */
  tokenMatched: z.boolean().nullable().default(null),
  durationMs: z.number().nonnegative().optional(),
});
export type AttemptResult = z.output<typeof attemptResultSchema>;

export const probeResultSchema = z.object({
  schema: z.literal(probeResultSchemaId),
  mode: z.enum(probeModes),
  /** Source hash the probe binary was built from (build.sh), "dev" otherwise. */
  probeVersion: z.string().optional(),
  /** The probe's own first timestamp, Unix ms with a microsecond fraction. */
  startedAtMs: timestampMs,
  finishedAtMs: timestampMs,
  hostname: z.string(),
  identity: runtimeIdentitySchema,
  attempts: z.array(attemptResultSchema),
  /** The signal that ended a sleep/hold or interrupted the attempts. */
  signal: z.string().nullable().default(null),
  /** The compact form of the termination message: strings cut, maybe attempts dropped. */
  truncated: z.boolean().default(false),
  attemptsOmitted: z.int().nonnegative().default(0),
  error: z.string().nullable(),
});
export type ProbeResult = z.output<typeof probeResultSchema>;

/** Where the document came from: a `SANDBOX_GAUNTLET_RESULT` log line or a bare JSON document. */
export type ProbeResultSource = 'log-line' | 'json';

export type ProbeResultParse =
  | { ok: true; result: ProbeResult; source: ProbeResultSource }
  | { ok: false; reason: string; raw: string };

/** The JSON text of the document in raw: the last result line's payload, else raw itself. */
function extractDocument(raw: string): { text: string; source: ProbeResultSource } | undefined {
  const lines = raw.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    const at = line.indexOf(resultLinePrefix); // also after a `kubectl logs --timestamps` prefix
    if (at >= 0) return { text: line.slice(at + resultLinePrefix.length).trim(), source: 'log-line' };
  }
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) return { text: trimmed, source: 'json' };
  return undefined;
}

function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  const more = error.issues.length > 5 ? `; and ${error.issues.length - 5} more` : '';
  return issues.join('; ') + more;
}

/**
 * Reads a probe result from a termination message (bare JSON) or from container logs
 * (the last `SANDBOX_GAUNTLET_RESULT ` line). Never throws.
 */
export function parseProbeResult(raw: string): ProbeResultParse {
  const fail = (reason: string): ProbeResultParse => ({ ok: false, reason, raw });
  if (typeof raw !== 'string' || raw.trim() === '') return fail('empty output: no result document');

  const doc = extractDocument(raw);
  if (!doc) return fail(`no result document: neither a "${resultLinePrefix.trim()}" line nor a JSON document`);

  let json: unknown;
  try {
    json = JSON.parse(doc.text);
  } catch (e) {
    return fail(`malformed JSON in the ${doc.source === 'log-line' ? 'result line' : 'document'}: ${(e as Error).message}`);
  }
  if (typeof json === 'object' && json !== null && 'schema' in json && json.schema !== probeResultSchemaId) {
    return fail(`unsupported schema ${JSON.stringify(json.schema)} (expected ${probeResultSchemaId})`);
  }
  const parsed = probeResultSchema.safeParse(json);
  if (!parsed.success) return fail(`not a ${probeResultSchemaId} document: ${describeIssues(parsed.error)}`);
  return { ok: true, result: parsed.data, source: doc.source };
}

/**
 * Reads the result from whatever a finished pod left: the logs first (always the full
 * document), else the termination message (complete unless `truncated`). Never throws.
 */
export function pickProbeResult(outputs: { logs?: string | undefined; terminationMessage?: string | undefined }): ProbeResultParse {
  const tried: string[] = [];
  let firstRaw: string | undefined;
  for (const [name, raw] of [
    ['logs', outputs.logs],
    ['termination message', outputs.terminationMessage],
  ] as const) {
    if (raw === undefined || raw === '') {
      tried.push(`${name}: none`);
      continue;
    }
    const r = parseProbeResult(raw);
    if (r.ok) return r;
    firstRaw ??= raw;
    tried.push(`${name}: ${r.reason}`);
  }
  return { ok: false, reason: tried.join('; '), raw: firstRaw ?? '' };
}
