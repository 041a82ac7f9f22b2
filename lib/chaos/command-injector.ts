/**
 * Fault injector through configured shell commands: the hook for whatever a platform uses
 * to lose or bring back a node (a cloud CLI, a hypervisor, IPMI), e.g.
 *
 *   stop-node:  aws ec2 stop-instances --force --instance-ids "$(aws ec2 describe-instances
 *               --filters Name=private-dns-name,Values={node} --query 'Reservations[].Instances[].InstanceId' --output text)"
 *
 * `{node}` is replaced by the node name, shell-quoted; the name is also in $GAUNTLET_CHAOS_NODE.
 * Each command runs under `sh -c` with a timeout and must exit 0.
 */
import { execFile } from 'node:child_process';
import { BadInputError, InfrastructureError } from '../errors.js';
import { receiptTime } from '../kube/receipt-time.js';
import { envScaled } from '../timeouts.js';
import { BaseInjector, faultKinds, type FaultKind, type InjectedFault } from './fault-injector.js';
import { commandHookMs } from './timeouts.js';

/** Node-scoped faults a command can deliver. */
export const commandFaultKinds = ['restart-containerd', 'stop-node', 'start-node'] as const satisfies readonly FaultKind[];
export type CommandFaultKind = (typeof commandFaultKinds)[number];
export type CommandTemplates = Partial<Record<CommandFaultKind, string>>;

/** POSIX shell single-quoting. */
export const shellQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/** The template with every `{node}` replaced by the quoted node name. */
export const renderCommand = (template: string, node: string): string => template.replaceAll('{node}', shellQuote(node));

export interface CommandOutcome {
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Runs `sh -c command` with a timeout; rejects with its output when it fails or overruns. */
export function runHook(command: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CommandOutcome> {
  const started = receiptTime();
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', command], { env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      const durationMs = receiptTime() - started;
      if (!err) return resolve({ stdout, stderr, durationMs });
      const killed = (err as { killed?: boolean }).killed === true;
      reject(
        new InfrastructureError(
          killed ? `fault command overran its ${timeoutMs} ms timeout and was killed: ${command}` : `fault command failed (${err.message.split('\n')[0]}): ${command}`,
          (stderr || stdout).trim().split('\n').slice(-10).join('\n'),
          { cause: err },
        ),
      );
    });
  });
}

/** Templates from GAUNTLET_CHAOS_CMD_<KIND> (RESTART_CONTAINERD, STOP_NODE, START_NODE). */
export function commandTemplatesFromEnv(env: NodeJS.ProcessEnv = process.env): CommandTemplates {
  const out: CommandTemplates = {};
  for (const kind of commandFaultKinds) {
    const v = env[`GAUNTLET_CHAOS_CMD_${kind.toUpperCase().replaceAll('-', '_')}`];
    if (v !== undefined && v.trim() !== '') out[kind] = v;
  }
  return out;
}

export class CommandInjector extends BaseInjector {
  readonly name = 'command';
  protected readonly kinds: readonly FaultKind[];

  constructor(
    private readonly templates: CommandTemplates,
    private readonly timeoutMs: number = envScaled(commandHookMs),
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    super();
    for (const k of Object.keys(templates)) {
      if (!(commandFaultKinds as readonly string[]).includes(k) || !(faultKinds as readonly string[]).includes(k)) {
        throw new BadInputError(`no command hook for fault "${k}"`, `command hooks exist for: ${commandFaultKinds.join(', ')}`);
      }
    }
    this.kinds = commandFaultKinds.filter((k) => templates[k] !== undefined);
  }

  private async run(kind: CommandFaultKind, node: string): Promise<InjectedFault> {
    const template = this.templates[kind];
    if (template === undefined) return super[kind === 'stop-node' ? 'stopNode' : kind === 'start-node' ? 'startNode' : 'restartContainerd'](node);
    const command = renderCommand(template, node);
    const at = receiptTime();
    const out = await runHook(command, { ...this.env, GAUNTLET_CHAOS_NODE: node }, this.timeoutMs);
    return this.fault(kind, node, at, `${command} → exit 0 in ${Math.round(out.durationMs)} ms${out.stdout.trim() ? `: ${out.stdout.trim().slice(0, 200)}` : ''}`);
  }

  override restartContainerd(node: string): Promise<InjectedFault> {
    return this.run('restart-containerd', node);
  }
  override stopNode(node: string): Promise<InjectedFault> {
    return this.run('stop-node', node);
  }
  override startNode(node: string): Promise<InjectedFault> {
    return this.run('start-node', node);
  }
}
