import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { InfrastructureError } from '../errors.js';
import { stateDir } from '../paths.js';

export interface RunOptions {
  /** Component named in errors, e.g. "kubernetes build". */
  component: string;
  /** Echo output lines to stderr as progress. */
  progress?: boolean;
  input?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs a command, mirroring its output into a log under the state directory.
 * A failure names the component and the log, never a stack trace of ours.
 */
export async function runLogged(cmd: string, args: string[], opts: RunOptions): Promise<string> {
  const logDir = join(stateDir(), 'logs');
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, `${opts.component.replace(/[^a-z0-9]+/gi, '-')}.log`);
  const log = createWriteStream(logPath, { flags: 'a' });
  log.write(`\n# ${new Date().toISOString()} ${cmd} ${args.join(' ')}\n`);
  const child = spawn(cmd, args, { env: { ...process.env, ...opts.env }, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  let stdout = '';
  const onData = (isErr: boolean) => (chunk: Buffer) => {
    log.write(chunk);
    if (!isErr) stdout += chunk.toString();
    if (opts.progress) process.stderr.write(chunk);
  };
  child.stdout?.on('data', onData(false));
  child.stderr?.on('data', onData(true));
  if (child.stdin) {
    // A command may exit before reading its input; that is its answer, not our crash.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input);
  }
  const code = await new Promise<number>((res, rej) => {
    child.on('error', rej);
    child.on('close', (c) => res(c ?? 1));
  }).catch((err: unknown) => {
    throw new InfrastructureError(`${opts.component}: could not start ${cmd}`, `is ${cmd} installed?`, { cause: err });
  });
  await new Promise<void>((res) => log.end(res));
  if (code !== 0) {
    throw new InfrastructureError(`${opts.component} failed (exit ${code})`, `see the log: ${logPath}`);
  }
  return stdout;
}
