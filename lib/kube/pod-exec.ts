/**
 * A command in a running container, through the Kubernetes exec API (pods/exec): the node
 * agent's root commands and the chaos evidence readings inside a target pod both use it.
 * Rejects with the command's last stderr lines when it exits non-zero, and when no status
 * comes back within the deadline or the stream closes without one (containerd restarting
 * under it).
 */
import { PassThrough } from 'node:stream';
import { Exec, type V1Status } from '@kubernetes/client-node';
import { InfrastructureError } from '../errors.js';
import { describeKubeError, type Kube } from './client.js';

export interface CommandResult {
  stdout: string;
  stderr: string;
}

export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
  /** How the target reads in messages: "node agent on gauntlet-worker". */
  describe: string;
}

export function execInPod(kube: Kube, target: ExecTarget, cmd: readonly string[], timeoutMs: number): Promise<CommandResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough().on('data', (c: Buffer) => out.push(c));
  const stderr = new PassThrough().on('data', (c: Buffer) => err.push(c));
  const what = `${cmd.join(' ').slice(0, 200)} (${target.describe})`;
  return new Promise<CommandResult>((resolve, reject) => {
    let socket: { close(): void } | undefined;
    const timer = setTimeout(() => {
      socket?.close();
      reject(new InfrastructureError(`no answer within ${timeoutMs} ms from ${what}`));
    }, timeoutMs);
    const done = (status: V1Status): void => {
      clearTimeout(timer);
      const text = { stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
      if (status.status === 'Success') resolve(text);
      else reject(new InfrastructureError(`command failed: ${what}: ${status.message ?? 'unknown'}`, (text.stderr || text.stdout).trim().split('\n').slice(-10).join('\n')));
    };
    new Exec(kube.config)
      .exec(target.namespace, target.pod, target.container, [...cmd], stdout, stderr, null, false, done)
      .then((ws) => {
        socket = ws;
        ws.on('close', () => {
          setTimeout(() => {
            clearTimeout(timer);
            reject(new InfrastructureError(`exec stream closed without a status: ${what}`));
          }, 200);
        });
      })
      .catch((e: unknown) => {
        clearTimeout(timer);
        reject(new InfrastructureError(`exec failed: ${what}: ${describeKubeError(e)}`, undefined, { cause: e }));
      });
  });
}
