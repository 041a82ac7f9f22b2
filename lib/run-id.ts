/**
 * The run id: names reports/<run-id>/ and labels every object the run creates, so the
 * sweeper can tell this run's objects from leftovers. One value per process.
 */
import { randomBytes } from 'node:crypto';
import { BadInputError } from './errors.js';

/** Shape of a generated id: UTC `YYYYMMDD-HHMMSS-<4 hex>`; sorts by start time. */
export const generatedRunIdPattern = /^\d{8}-\d{6}-[0-9a-f]{4}$/;

/**
 * What an id given through GAUNTLET_RUN_ID must look like: a valid Kubernetes label
 * value (it is one) that is also safe as a directory name (no dots-only, no slashes).
 */
const runIdPattern = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;

export function isValidRunId(id: string): boolean {
  return runIdPattern.test(id);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A fresh id for `now` (UTC, so ids from different machines compare); pure given `randomHex`. */
export function generateRunId(now: Date = new Date(), randomHex: () => string = () => randomBytes(2).toString('hex')): string {
  const date = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  return `${date}-${time}-${randomHex()}`;
}

/** The id from the environment if given (validated), else a generated one. Not memoized. */
export function resolveRunId(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string {
  const given = env.GAUNTLET_RUN_ID?.trim();
  if (given === undefined || given === '') return generateRunId(now);
  if (!isValidRunId(given)) {
    throw new BadInputError(
      `GAUNTLET_RUN_ID="${given}" is not a usable run id`,
      'It becomes a Kubernetes label value and a directory name: use 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit, or unset it to get a generated one.',
    );
  }
  return given;
}

let current: string | undefined;

/**
 * This process's run id, fixed on first call. The first call also writes it to
 * GAUNTLET_RUN_ID so child processes (vitest workers, the CLI's children) share it.
 */
export function runId(): string {
  if (current === undefined) {
    current = resolveRunId();
    process.env.GAUNTLET_RUN_ID = current;
  }
  return current;
}
