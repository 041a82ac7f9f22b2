/**
 * A workload: a command in an image, what it must produce, and what kind of work it stresses.
 * The user's own (configuration `workloads.list`, their executor images) and the built-ins
 * (lib/workloads/builtin.ts) have the same shape; the suite runs each under runc and runsc.
 */
import { z } from 'zod';

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/;

/** A regex that compiles. */
const regexSource = z.string().min(1).refine((s) => {
  try {
    new RegExp(s, 'm');
    return true;
  } catch {
    return false;
  }
}, 'expected a valid regular expression (JavaScript syntax)');

/** What stdout must be: a regex it must match (multiline mode), or the sha256 of all of it. */
export const stdoutCheckSchema = z.union([
  z.strictObject({ regex: regexSource }),
  z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits') }),
]);
export type StdoutCheck = z.output<typeof stdoutCheckSchema>;

/** The built-in servers a workload may talk to (lib/workloads/server.ts). */
export const serverNames = ['net-server'] as const;
export type ServerName = (typeof serverNames)[number];
/** In a command argument, replaced by the server's `ip:port` at run time. */
export const serverPlaceholder = '{server}';

export const workloadSchema = z
  .strictObject({
    /** Names the workload in test names, pods and the report: lowercase letters, digits and dashes, at most 40. */
    name: z.string().regex(dnsLabel, 'expected lowercase letters, digits and dashes (at most 40), e.g. my-executor'),
    image: z.string().min(1),
    /** The command and its arguments (no shell unless the command is one); run under the stamp. */
    command: z.array(z.string()).min(1),
    expect: z
      .strictObject({
        exitCode: z.int().min(0).max(255).default(0),
        stdout: stdoutCheckSchema.optional(),
      })
      .prefault({}),
    /** What kind of work it is, in words: the report says which kinds gVisor makes slow. */
    stresses: z.string().min(1).default('user workload'),
    /** One run's limit, create to finished. */
    timeoutSeconds: z.int().min(10).max(3600).default(300),
    /** A built-in server the harness starts (under runc, on the workload's node) before the workload runs; its address replaces `{server}` in the command. */
    server: z.enum(serverNames).optional(),
  })
  .superRefine((w, ctx) => {
    const names = w.command.some((a) => a.includes(serverPlaceholder));
    if (w.server !== undefined && !names) ctx.addIssue({ code: 'custom', path: ['command'], message: `a workload with a server must name its address as ${serverPlaceholder} in the command` });
    if (w.server === undefined && names) ctx.addIssue({ code: 'custom', path: ['server'], message: `the command names ${serverPlaceholder}, but no server is set (one of ${serverNames.join(', ')})` });
  });
export type Workload = z.output<typeof workloadSchema>;
export type WorkloadInput = z.input<typeof workloadSchema>;

/** An accepted difference under runsc: the workload's name, why, and (optionally) the only runsc exit code accepted. */
export const workloadExceptionSchema = z.strictObject({
  workload: z.string().min(1),
  reason: z.string().min(1, 'an exception needs a reason'),
  /** Only this runsc exit code is accepted; unset: any difference. */
  runscExitCode: z.int().min(0).max(255).optional(),
});
export type WorkloadException = z.output<typeof workloadExceptionSchema>;
