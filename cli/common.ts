/**
 * What several commands share: progress lines, where the project is, the target options
 * (flag > config file > GAUNTLET_* environment > KUBECONFIG > local cluster) and the config.
 */
import type { Command } from 'commander';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findConfigFile, loadConfig } from '../lib/config/load-config.js';
import type { GauntletConfig } from '../lib/config/schema.js';
import type { KubeOptions } from '../lib/kube/client.js';

/** The repository root: vitest.config.ts and reports/ live here. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export type Progress = (msg: string) => void;

/** Progress to stderr with a clock, so stdout stays the command's result; `write` takes the line instead (the live line, lib/run/progress-display.ts). */
export const progressFor =
  (who: string, write: (line: string) => void = (line) => process.stderr.write(line)): Progress =>
  (msg) => {
    write(`[${who} ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
  };

export interface TargetFlags {
  kubeconfig?: string;
  context?: string;
  config?: string;
}

/** The configuration: --config, else GAUNTLET_CONFIG, else gauntlet.config.* in the working directory, else defaults. */
export function configFrom(flags: TargetFlags, env: NodeJS.ProcessEnv = process.env): { config: GauntletConfig; file: string | undefined } {
  const path = flags.config ?? (env.GAUNTLET_CONFIG || undefined);
  const config = loadConfig(path);
  const file = path !== undefined ? resolve(path) : findConfigFile();
  return { config, file };
}

/** Kubeconfig and context to use; undefined kubeconfigPath means KUBECONFIG or the local cluster (lib/kube/client.ts). */
export function kubeOptionsFrom(flags: TargetFlags, config: GauntletConfig, env: NodeJS.ProcessEnv = process.env): KubeOptions {
  const kubeconfigPath = flags.kubeconfig ?? config.target.kubeconfig ?? (env.GAUNTLET_KUBECONFIG || undefined);
  const context = flags.context ?? config.target.context ?? (env.GAUNTLET_CONTEXT || undefined);
  return { ...(kubeconfigPath !== undefined && { kubeconfigPath: resolve(kubeconfigPath) }), ...(context !== undefined && { context }) };
}

/** The RuntimeClass to check and use: GAUNTLET_RUNTIME_CLASS, else config target.runtimeClass. */
export function runtimeClassFrom(config: GauntletConfig, env: NodeJS.ProcessEnv = process.env): string {
  return env.GAUNTLET_RUNTIME_CLASS || config.target.runtimeClass;
}

/** The target flags of commands that only read the target (doctor, sweep): kubeconfig, context, configuration. */
export function withTargetOptions(cmd: Command): Command {
  return cmd
    .option('--kubeconfig <file>', 'kubeconfig of the target (default: $KUBECONFIG, else the local cluster)')
    .option('--context <name>', 'context in the kubeconfig (default: its current context)')
    .option('--config <file>', 'gauntlet.config.yaml to read target settings from');
}
