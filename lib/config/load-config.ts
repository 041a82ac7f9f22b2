/**
 * Reads gauntlet.config.{yaml,yml,json}, validates it and fills defaults. The only I/O in
 * lib/config; `parseConfig` is the pure part and is what the tests and CLI overrides use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BadInputError } from '../errors.js';
import { describeIssue } from './issues.js';
import { configSchema, defaultConfig, type GauntletConfig } from './schema.js';

export const configFileNames = ['gauntlet.config.yaml', 'gauntlet.config.yml', 'gauntlet.config.json'] as const;

/** Validates a parsed document; `source` names it in messages. */
export function parseConfig(raw: unknown, source = 'configuration'): GauntletConfig {
  // An empty YAML file parses to null: that is "all defaults", not an error.
  const input = raw ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new BadInputError(
      `${source}: expected a mapping of sections (target, probe, performance, ...) at the top level, got ${Array.isArray(input) ? 'a list' : typeof input}`,
      'Start the file with section names, e.g. "performance:" on its own line.',
    );
  }
  const result = configSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${describeIssue(issue, configSchema, defaultConfig)}`);
  throw new BadInputError(
    `${source}: ${lines.length} invalid field(s):\n${lines.join('\n')}`,
    `Fix the fields listed in ${source}; every field is optional and the defaults are in lib/config/schema.ts.`,
  );
}

/** The first gauntlet.config.* in `dir`, if any. */
export function findConfigFile(dir: string = process.cwd()): string | undefined {
  return configFileNames.map((name) => join(dir, name)).find((p) => existsSync(p));
}

function parseText(text: string, file: string): unknown {
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new BadInputError(
      `${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
      'Fix the syntax at the position given (indentation, a missing colon or quote, a duplicate key).',
      { cause: err },
    );
  }
}

/** Relative kubeconfig paths are relative to the config file, not to wherever the CLI was started. */
function resolveKubeconfig(config: GauntletConfig, file: string): GauntletConfig {
  const k = config.target.kubeconfig;
  if (k === undefined) return config;
  const path = k === '~' || k.startsWith('~/') ? join(homedir(), k.slice(1)) : isAbsolute(k) ? k : resolve(dirname(file), k);
  return { ...config, target: { ...config.target, kubeconfig: path } };
}

/**
 * Loads the configuration: from `path` if given (it must exist), else from the first
 * gauntlet.config.{yaml,yml,json} in `cwd`, else the defaults.
 */
export function loadConfig(path?: string, options: { cwd?: string } = {}): GauntletConfig {
  const cwd = options.cwd ?? process.cwd();
  const file = path === undefined ? findConfigFile(cwd) : resolve(cwd, path);
  if (file === undefined) return structuredClone(defaultConfig);
  if (!existsSync(file)) {
    throw new BadInputError(`config file ${file} does not exist`, `Check the path, or omit it to use ${configFileNames[0]} in ${cwd} or the defaults.`);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new BadInputError(`cannot read config file ${file}: ${(err as Error).message}`, 'Check that it is a readable file.', { cause: err });
  }
  return resolveKubeconfig(parseConfig(parseText(text, file), file), file);
}

let runConfig: GauntletConfig | undefined;

/**
 * The configuration of this run, for suites and fixtures: the file `gauntlet run` passed in
 * GAUNTLET_CONFIG, else gauntlet.config.* in the working directory, else the defaults.
 * Loaded once per process.
 */
export function runConfiguration(env: NodeJS.ProcessEnv = process.env): GauntletConfig {
  runConfig ??= loadConfig(env.GAUNTLET_CONFIG || undefined);
  return runConfig;
}
