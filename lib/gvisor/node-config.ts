/**
 * One node's gVisor configuration as the gate records it: every sandbox's flags against the
 * declared policy, findings merged across sandboxes (one line per flag and value).
 */
import type { GvisorConfig } from '../report/gate-schema.js';
import { effective, flagFindings, parseRunscGlobalFlags, reportedFlags, type FlagFinding, type GvisorPolicy } from './runsc-flags.js';
import type { RunscConfigFile } from './runsc-toml.js';

/** Pure: the record for a node from the command lines of its sandboxes and the runsc config file its containerd names. */
export function nodeGvisorConfig(node: string, commandLines: readonly (readonly string[])[], policy: GvisorPolicy, runscVersion?: string, configFile?: RunscConfigFile): GvisorConfig {
  const parsed = commandLines.map((argv) => parseRunscGlobalFlags(argv));
  const seen = new Map<string, FlagFinding>();
  for (const flags of parsed) for (const f of flagFindings(node, flags, policy)) seen.set(`${f.flag}=${f.value}`, f);
  // The file's settings are what the next sandbox starts with: a change no running sandbox shows yet.
  if (configFile) for (const f of flagFindings(node, configFile.flags, policy)) seen.set(`${f.flag}=${f.value}@${configFile.path}`, { ...f, source: configFile.path });
  const first = parsed[0] ?? new Map<string, string>();
  return {
    node,
    sandboxes: parsed.length,
    ...(runscVersion !== undefined ? { runscVersion } : {}),
    ...(configFile ? { configPath: configFile.path } : {}),
    flags: Object.fromEntries(reportedFlags.map((k) => [k, effective(first, k)])),
    findings: [...seen.values()].map(({ node: _node, ...f }) => f),
  };
}
