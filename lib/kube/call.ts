/** A Kubernetes API call with a deadline, and its failure as one line (doctor, permission reviews). */
import { describeKubeError, statusCodeOf } from './client.js';

class CallTimeout extends Error {}

export function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CallTimeout(`no answer to ${what} within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/** A network or TLS error as one line: the code (ECONNREFUSED, ...) and the message. */
export function describeCallError(err: unknown): string {
  if (statusCodeOf(err) !== undefined) return describeKubeError(err);
  const e = err as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const code = typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : undefined;
  const msg = typeof e.message === 'string' ? e.message : String(err);
  const causeMsg = typeof e.cause?.message === 'string' && e.cause.message !== msg ? ` (${e.cause.message})` : '';
  return `${code ? `${code}: ` : ''}${msg}${causeMsg}`;
}

