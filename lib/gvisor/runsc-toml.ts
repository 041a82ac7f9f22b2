/**
 * The runsc configuration file containerd's runtime options name (`ConfigPath`): the settings
 * the next sandbox on the node starts with. Sandboxes already running show theirs on their
 * command line (sandbox-cmdline.ts); the file catches a change no sandbox has picked up yet.
 * Pure parsers, plus the read through a NodeShell.
 */
import type { NodeShell } from '../node-access/node-shell.js';

/** Pure: the ConfigPath of the runsc runtime's options in containerd's config.toml, if any. */
export function runscConfigPath(containerdToml: string): string | undefined {
  const lines = containerdToml.split('\n');
  let inRunscOptions = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith('[')) inRunscOptions = /runtimes\.["']?runsc["']?\.options\]$/.test(line);
    const m = inRunscOptions ? /^ConfigPath\s*=\s*["']([^"']+)["']/.exec(line) : null;
    if (m) return m[1];
  }
  return undefined;
}

/** Pure: the `[runsc_config]` table of a runsc.toml as flag → value (the shim passes each as `--flag=value`). */
export function parseRunscToml(text: string): Map<string, string> {
  const flags = new Map<string, string>();
  let inTable = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line.startsWith('[')) {
      inTable = line === '[runsc_config]';
      continue;
    }
    const m = inTable ? /^["']?([A-Za-z0-9_.-]+)["']?\s*=\s*(.+)$/.exec(line) : null;
    if (m?.[1] && m[2] !== undefined) flags.set(m[1], m[2].trim().replace(/^["']|["']$/g, ''));
  }
  return flags;
}

export interface RunscConfigFile {
  path: string;
  flags: Map<string, string>;
}

/** The runsc config file the node's containerd names, or undefined when it names none. */
export async function runscConfigFileOn(shell: NodeShell, node: string, containerdConfig = '/etc/containerd/config.toml'): Promise<RunscConfigFile | undefined> {
  const toml = await shell.exec(node, ['cat', containerdConfig]);
  const path = runscConfigPath(toml);
  if (!path) return undefined;
  const text = await shell.exec(node, ['sh', '-c', 'cat "$0" 2>/dev/null || true', path]);
  return { path, flags: parseRunscToml(text) };
}
